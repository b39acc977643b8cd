package org.xenemu.client.xs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenemu.client.Errno;
import org.xenemu.client.Perm;

/**
 * XsClient's conduct on the wire against a scripted server (docs/xenstore.md "Wire protocol"):
 * framing and NUL rules, increasing req_ids, replies matched in order with events demultiplexed
 * between them, protocol errors closing the connection, late replies after a timeout, and
 * DIRECTORY_PART.
 */
class XsClientProtocolTest {
    private FakeXenstored server;
    private XsClient xs;

    @BeforeEach
    void connect() throws Exception {
        server = new FakeXenstored();
        xs = XsClient.connect(server.socket(), Duration.ofSeconds(5));
        server.accept();
    }

    @AfterEach
    void close() throws Exception {
        xs.close();
        server.close();
    }

    private static String text(Frame f) {
        return new String(f.payload(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestsFollowTheNulRulesWithIncreasingReqIds() throws Exception {
        CompletableFuture<Void> calls = CompletableFuture.runAsync(() -> {
            xs.write("/a", new byte[] {'v', 0, 'w'});
            assertEquals("raw\0bytes", new String(xs.read("/a"), StandardCharsets.ISO_8859_1));
            assertEquals(List.of("x", "y"), xs.directory("/a"));
            assertEquals(List.of(Perm.none(0), Perm.read(5)), xs.getPerms("/a"));
            xs.setPerms("/a", Perm.none(0), Perm.both(3));
        });
        Frame write = server.request();
        assertEquals(XsType.WRITE.number(), write.type());
        assertEquals("/a\0v\0w", text(write), "path, NUL, the raw value without terminator");
        server.reply(write, "OK\0");
        Frame read = server.request();
        assertEquals("/a\0", text(read));
        assertTrue(Integer.compareUnsigned(read.reqId(), write.reqId()) > 0);
        server.reply(read, "raw\0bytes");
        Frame dir = server.request();
        server.reply(dir, "x\0y\0");
        Frame perms = server.request();
        server.reply(perms, "n0\0r5\0");
        Frame set = server.request();
        assertEquals("/a\0n0\0b3\0", text(set));
        server.reply(set, "OK\0");
        calls.get();
    }

    @Test
    void eventsBetweenRepliesGoToTheirWatchAndTheInitialEventIsKept() throws Exception {
        CompletableFuture<XsWatch> watching = CompletableFuture.supplyAsync(() -> xs.watch("/vm", "t"));
        Frame watch = server.request();
        assertEquals("/vm\0t\0", text(watch));
        server.reply(watch, "OK\0");
        server.event("/vm", "t");
        XsWatch w = watching.get();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> xs.readString("/vm/x"));
        Frame r = server.request();
        server.event("/vm/x", "t");
        server.event("/other", "unknown-token");
        server.reply(r, "1");
        assertEquals("1", read.get());
        assertEquals(new XsWatchEvent("/vm", "t"), w.next());
        assertEquals(new XsWatchEvent("/vm/x", "t"), w.next());
        assertTrue(w.poll(Duration.ofMillis(100)).isEmpty());
    }

    @Test
    void anErrorReplyIsAnXsExceptionWithTheErrnoName() throws Exception {
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> xs.read("/none"));
        Frame r = server.request();
        server.send(XsType.ERROR.number(), r.reqId(), r.txId(), "ENOENT\0");
        XsException e = assertInstanceOf(XsException.class, assertThrows(Exception.class, call::join).getCause());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(XsType.READ, e.operation());
        assertEquals("/none", e.path().orElseThrow());
    }

    @Test
    void aReplyToAnotherRequestIsAProtocolErrorThatClosesTheConnection() throws Exception {
        CompletableFuture<XsWatch> watching = CompletableFuture.supplyAsync(() -> xs.watch("/vm", "t"));
        Frame watch = server.request();
        server.reply(watch, "OK\0");
        XsWatch w = watching.get();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> xs.read("/a"));
        Frame r = server.request();
        server.send(XsType.READ.number(), r.reqId() + 7, r.txId(), "x");
        assertInstanceOf(UncheckedIOException.class, assertThrows(Exception.class, call::join).getCause());
        assertFalse(xs.isOpen());
        assertTrue(server.clientClosed());
        assertFalse(w.hasNext(), "the watch ended with the connection");
        assertThrows(UncheckedIOException.class, () -> xs.read("/a"));
    }

    @Test
    void aLateReplyAfterATimeoutIsMatchedToItsRequestAndTheNextCallWorks() throws Exception {
        xs.close();
        server.close();
        server = new FakeXenstored();
        xs = XsClient.connect(server.socket(), Duration.ofMillis(300));
        server.accept();
        UncheckedIOException timeout = assertThrows(UncheckedIOException.class, () -> xs.read("/slow"));
        assertInstanceOf(SocketTimeoutException.class, timeout.getCause());
        Frame slow = server.request();
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> xs.readString("/fast"));
        Frame fast = server.request();
        server.reply(slow, "late");
        server.reply(fast, "on time");
        assertEquals("on time", next.get());
        assertTrue(xs.isOpen());
    }

    @Test
    void aTooLongRequestIsRefusedWithoutSendingIt() {
        XsException e = assertThrows(XsException.class, () -> xs.write("/a", new byte[4094]));
        assertEquals(Errno.E2BIG, e.errno());
        assertThrows(IllegalArgumentException.class, () -> xs.read("/a\0b"));
        assertTrue(xs.isOpen());
    }

    @Test
    void e2bigOnDirectoryFallsBackToDirectoryPartAndRestartsWhenTheListChanges() throws Exception {
        CompletableFuture<List<String>> dir = CompletableFuture.supplyAsync(() -> xs.directory("/big"));
        Frame d = server.request();
        server.send(XsType.ERROR.number(), d.reqId(), 0, "E2BIG\0");
        Frame p0 = server.request();
        assertEquals(XsType.DIRECTORY_PART.number(), p0.type());
        assertEquals("/big\0" + "0\0", text(p0));
        server.reply(p0, "7\0a\0b\0");
        Frame p1 = server.request();
        assertEquals("/big\0" + "4\0", text(p1));
        server.reply(p1, "8\0zz\0\0"); // another generation: the list changed, start again
        Frame q0 = server.request();
        assertEquals("/big\0" + "0\0", text(q0));
        server.reply(q0, "8\0a\0b\0");
        Frame q1 = server.request();
        server.reply(q1, "8\0c\0\0");
        assertEquals(List.of("a", "b", "c"), dir.get());
    }

    @Test
    void transactionsCarryTheirIdAndEndWithTOrF() throws Exception {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try (XsTransaction tx = xs.startTransaction()) {
                assertEquals(4294967295L, tx.id());
                tx.write("/t", "1");
                tx.commit();
            }
        });
        Frame start = server.request();
        assertEquals("\0", text(start));
        server.reply(start, "4294967295\0");
        Frame write = server.request();
        assertEquals(-1, write.txId());
        server.reply(write, "OK\0");
        Frame end = server.request();
        assertEquals(XsType.TRANSACTION_END.number(), end.type());
        assertEquals("T\0", text(end));
        server.reply(end, "OK\0");
        run.get();
    }

    @Test
    void theSocketIsFoundAsLibxenstoreFindsIt() {
        assertEquals(Path.of("/p/s"), XsClient.socketFromEnvironment(Map.of("XENSTORED_PATH", "/p/s", "XENSTORED_RUNDIR", "/r")));
        assertEquals(Path.of("/r/socket"), XsClient.socketFromEnvironment(Map.of("XENSTORED_RUNDIR", "/r")));
        assertEquals(Path.of("/var/run/xenstored/socket"), XsClient.socketFromEnvironment(Map.of()));
    }

    @Test
    void sharedTokensGoToTheWatchesWhosePathCoversTheEvent() {
        assertTrue(XsClient.covers("/a", "/a"));
        assertTrue(XsClient.covers("/a", "/a/b"));
        assertFalse(XsClient.covers("/a", "/ab"));
        assertTrue(XsClient.covers("/", "/x"));
        assertTrue(XsClient.covers("rel", "rel/x"));
        assertFalse(XsClient.covers("@releaseDomain", "@releaseDomainX"));
    }
}
