package org.xenemu.client.xs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.xenemu.client.Errno;
import org.xenemu.client.Perm;

/**
 * XsClient against real xenstoreds with the expectations of Debian's {@code test-xenstore}
 * (xen-utils-4.17: read and write of 1 and 2000 bytes, a directory of ten nodes, rm of a node and
 * of a subtree, empty transactions committed and aborted, read-modify-write transactions committed
 * and aborted, a conflicting transaction ending in EAGAIN; all on the relative base
 * {@code xenstore-test/<pid>}), plus watches with their initial event, permissions, DIRECTORY_PART
 * and pipelining. The same suite runs against the reference C xenstored and xenemu's dom0 socket
 * (see {@link XsServer}); both must answer alike.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.xenemu.client.xs.XsServer#all")
class XsClientConformanceIT {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Parameter
    XsServer server;

    private XsClient xs;
    private String base;
    private String[] paths;
    private byte[][] buffers;

    @BeforeEach
    void connect() {
        Path socket = server.resolve();
        xs = XsClient.connect(socket);
        base = "xenstore-test/" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet();
        paths = new String[10];
        buffers = new byte[10][];
        for (int i = 0; i < 10; i++) {
            paths[i] = base + "/" + (char) ('a' + i);
            buffers[i] = new byte[4000];
            Arrays.fill(buffers[i], (byte) ('a' + i));
        }
        rmQuietly(base);
        xs.write(base, "");
    }

    /** As test-xenstore's pre-init: a missing base (and parent) is fine. */
    private void rmQuietly(String path) {
        try {
            xs.rm(path);
        } catch (XsException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        }
    }

    @AfterEach
    void cleanUp() {
        if (xs != null) {
            if (xs.isOpen()) {
                rmQuietly(base);
            }
            xs.close();
        }
    }

    private static byte[] prefix(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }

    @Test
    void read1And2000BytesGiveWhatWasWritten() {
        for (int n : new int[] {1, 2000}) {
            xs.write(paths[0], prefix(buffers[0], n));
            assertArrayEquals(prefix(buffers[0], n), xs.read(paths[0]));
        }
    }

    @Test
    void write1And2000BytesReadBackExactly() {
        for (int n : new int[] {1, 2000, 4000}) {
            xs.write(paths[0], prefix(buffers[0], n));
            assertEquals(n, xs.read(paths[0]).length);
        }
    }

    @Test
    void valuesAreRawBytesNulsIncluded() {
        byte[] v = {0, 1, 'x', 0, (byte) 0xff};
        xs.write(paths[1], v);
        assertArrayEquals(v, xs.read(paths[1]));
        xs.write(paths[2], new byte[0]);
        assertArrayEquals(new byte[0], xs.read(paths[2]));
    }

    @Test
    void dirListsTenChildrenInCreationOrder() {
        for (int i = 0; i < 10; i++) {
            xs.write(paths[i], prefix(buffers[i], 1));
        }
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), xs.directory(base));
        assertEquals(List.of(), xs.directory(paths[0]));
    }

    @Test
    void rmRemovesANodeAndASubtree() {
        xs.write(paths[0], "a");
        xs.rm(paths[0]);
        assertThrows(XsException.class, () -> xs.read(paths[0]));
        for (int i = 0; i < 10; i++) {
            xs.write(paths[i] + "/x", "1");
        }
        xs.rm(base);
        XsException e = assertThrows(XsException.class, () -> xs.read(base));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(XsType.READ, e.operation());
        // a missing node whose parent exists is fine; a missing parent is ENOENT
        xs.write(base, "");
        xs.rm(base + "/nope");
        assertEquals(Errno.ENOENT, assertThrows(XsException.class, () -> xs.rm(base + "/nope/deeper")).errno());
    }

    @Test
    void emptyTransactionsCommitAndAbort() {
        XsTransaction t = xs.startTransaction();
        assertTrue(t.id() > 0);
        t.commit();
        try (XsTransaction u = xs.startTransaction()) {
            u.abort();
        }
    }

    @Test
    void readModifyWriteTransactionIsIsolatedUntilCommit() {
        xs.write(paths[0], "a");
        xs.transaction(tx -> {
            assertEquals("a", tx.readString(paths[0]));
            tx.write(paths[0], "b");
            assertEquals("b", tx.readString(paths[0]));
            assertEquals("a", xs.readString(paths[0]), "nobody sees a change before commit");
            return null;
        });
        assertEquals("b", xs.readString(paths[0]));
    }

    @Test
    void readModifyWriteTransactionAbortedChangesNothing() {
        xs.write(paths[0], "a");
        try (XsTransaction tx = xs.startTransaction()) {
            tx.readString(paths[0]);
            tx.write(paths[0], "b");
            tx.abort();
        }
        assertEquals("a", xs.readString(paths[0]));
    }

    @Test
    void transactionWithAConflictEndsInEagain() {
        xs.write(paths[0], "a");
        XsTransaction tx = xs.startTransaction();
        assertEquals("a", tx.readString(paths[0]));
        xs.write(paths[0], "b");
        assertEquals("a", tx.readString(paths[0]), "the transaction keeps what it first read");
        tx.write(paths[0], "c");
        assertEquals("c", tx.readString(paths[0]));
        XsException e = assertThrows(XsException.class, tx::commit);
        assertEquals(Errno.EAGAIN, e.errno());
        assertEquals("b", xs.readString(paths[0]));
        tx.close(); // already gone: closing is quiet
    }

    @Test
    void transactionHelperRetriesOnEagain() {
        xs.write(paths[0], "0");
        AtomicInteger attempts = new AtomicInteger();
        String result = xs.transaction(tx -> {
            int n = Integer.parseInt(tx.readString(paths[0]));
            if (attempts.incrementAndGet() == 1) {
                xs.write(paths[0], "10"); // someone else, between our read and our commit
            }
            tx.write(paths[0], Integer.toString(n + 1));
            return "done";
        });
        assertEquals("done", result);
        assertEquals(2, attempts.get());
        assertEquals("11", xs.readString(paths[0]));
    }

    @Test
    void transactionHelperGivesUpAfterItsAttempts() {
        xs.write(paths[0], "0");
        AtomicInteger attempts = new AtomicInteger();
        XsException e = assertThrows(XsException.class, () -> xs.transaction(3, tx -> {
            tx.readString(paths[0]);
            xs.write(paths[0], Integer.toString(attempts.incrementAndGet()));
            tx.write(paths[0], "mine");
            return null;
        }));
        assertEquals(Errno.EAGAIN, e.errno());
        assertEquals(3, attempts.get());
    }

    @Test
    void watchGivesTheInitialEventThenChanges() {
        String abs = xs.getDomainPath(0) + "/" + base;
        try (XsWatch w = xs.watch(abs, "tok")) {
            assertEquals(new XsWatchEvent(abs, "tok"), w.poll(WAIT).orElseThrow());
            xs.write(paths[3], "x");
            assertEquals(new XsWatchEvent(abs + "/d", "tok"), w.poll(WAIT).orElseThrow());
            xs.rm(paths[3]);
            assertEquals(new XsWatchEvent(abs + "/d", "tok"), w.poll(WAIT).orElseThrow());
        }
    }

    @Test
    void relativeWatchGivesRelativePathsAndClosingUnwatches() {
        XsWatch w = xs.watch(base);
        assertEquals(base, w.poll(WAIT).orElseThrow().path());
        xs.write(paths[4], "x");
        assertEquals(base + "/e", w.poll(WAIT).orElseThrow().path());
        w.close();
        assertFalse(w.isOpen());
        xs.write(paths[5], "x");
        assertTrue(w.poll(Duration.ofMillis(200)).isEmpty());
        // UNWATCH happened on the server: watching the same path and token again is allowed
        try (XsWatch again = xs.watch(base, w.token())) {
            assertEquals(base, again.poll(WAIT).orElseThrow().path());
        }
    }

    @Test
    void transactionChangesFireOnlyAtCommit() {
        try (XsWatch w = xs.watch(base)) {
            w.poll(WAIT).orElseThrow();
            xs.transaction(tx -> {
                tx.write(paths[6], "x");
                return null;
            });
            assertEquals(base + "/g", w.poll(WAIT).orElseThrow().path());
            try (XsTransaction tx = xs.startTransaction()) {
                tx.write(paths[7], "x");
                tx.abort();
            }
            assertTrue(w.poll(Duration.ofMillis(300)).isEmpty(), "an abort fires nothing");
        }
    }

    @Test
    void relativePathsResolveUnderTheConnectionsHome() {
        xs.write(base + "/rel", "here");
        String home = xs.getDomainPath(0);
        assertEquals("/local/domain/0", home);
        assertEquals("here", xs.readString(home + "/" + base + "/rel"));
    }

    @Test
    void mkdirOfAnExistingNodeKeepsItsValue() {
        xs.write(paths[0], "kept");
        xs.mkdir(paths[0]);
        assertEquals("kept", xs.readString(paths[0]));
        xs.mkdir(paths[1] + "/x/y");
        assertEquals("", xs.readString(paths[1] + "/x"));
    }

    @Test
    void permissionsRoundTrip() {
        xs.write(paths[0], "p");
        xs.setPerms(paths[0], Perm.none(0), Perm.read(5), Perm.both(7));
        assertEquals(List.of(Perm.none(0), Perm.read(5), Perm.both(7)), xs.getPerms(paths[0]));
        xs.setPerms(paths[0], List.of(Perm.read(3)));
        assertEquals(List.of(Perm.read(3)), xs.getPerms(paths[0]));
    }

    @Test
    void badPathsAreEinval() {
        assertEquals(Errno.EINVAL, assertThrows(XsException.class, () -> xs.read(base + "//x")).errno());
        assertEquals(Errno.EINVAL, assertThrows(XsException.class, () -> xs.write("/a b", "x")).errno());
    }

    @Test
    void aDirectoryLongerThanOneFrameComesInParts() {
        List<String> names = new ArrayList<>();
        xs.transaction(tx -> {
            names.clear();
            for (int i = 0; i < 260; i++) {
                String name = String.format("child-with-a-long-name-%04d", i);
                names.add(name);
                tx.write(base + "/big/" + name, "");
            }
            return null;
        });
        assertEquals(names, xs.directory(base + "/big"));
    }

    @Test
    void aPayloadOverFourKiBIsRefusedBeforeSending() {
        XsException e = assertThrows(XsException.class, () -> xs.write(paths[0], new byte[4096]));
        assertEquals(Errno.E2BIG, e.errno());
        assertTrue(xs.isOpen(), "nothing was sent, so the connection lives on");
        xs.write(paths[0], new byte[4096 - paths[0].length() - 1]);
    }

    @Test
    void concurrentCallersArePipelinedAndEachGetsItsOwnReply() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (XsWatch w = xs.watch(base, "pipe")) {
            w.poll(WAIT).orElseThrow();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String p = base + "/t" + thread + "/n" + i;
                        String v = thread + ":" + i;
                        xs.write(p, v);
                        assertEquals(v, xs.readString(p));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            int events = 0;
            while (w.poll(Duration.ofMillis(500)).isPresent()) {
                events++;
            }
            assertEquals(400, events, "one event per write, none lost among the replies");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void domainManagementAnswersForDom0() {
        assertEquals("/local/domain/7", xs.getDomainPath(7));
        assertTrue(xs.isDomainIntroduced(0));
        assertTrue(xs.control("help").length() > 0);
    }

    @Test
    void readIfExistsAndExists() {
        assertTrue(xs.readIfExists(paths[9]).isEmpty());
        assertFalse(xs.exists(paths[9]));
        xs.write(paths[9], "v".getBytes(StandardCharsets.UTF_8));
        assertEquals("v", xs.readIfExists(paths[9]).orElseThrow());
        assertTrue(xs.exists(paths[9]));
    }
}
