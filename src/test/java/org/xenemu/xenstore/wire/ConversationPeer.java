package org.xenemu.xenstore.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's side of a {@link Conversation}: its connections, the transaction ids it gave each
 * symbol, and a transcript of what it answered to each step, normalised only where two faithful
 * servers may differ:
 * <ul>
 *   <li>transaction ids: TRANSACTION_START's reply and every header tx_id are written as the
 *       symbol (C counts per connection, xenemu across the store);</li>
 *   <li>DIRECTORY_PART's generation count (C's is a global counter, xenemu's the node's);</li>
 *   <li>the order of the events one connection gets from one step (within the events before the
 *       step's reply, and within those before a sync reply): C sends them in the order of its
 *       lists — per change, the connection's watches in the order they were set, and for RM the
 *       removed descendants depth-first before the node — xenemu shallowest watch path first.
 *       xenstore.txt promises no order among the events of one change, and clients look the
 *       token up per event; which events arrive, and on which side of a reply, is compared.</li>
 * </ul>
 * Everything else is compared byte for byte: after a step each connection is sent a sync request
 * (GET_DOMAIN_PATH), and the events that arrive before its answer are the step's events on that
 * connection — deterministic because both servers queue a change's events on every watcher
 * before they answer the change.
 */
final class ConversationPeer implements AutoCloseable {
    private static final int SYNC_REQ_ID = 0x5EC0_0000;
    private static final byte[] SYNC = {'0', 0};

    private final WireTestClient[] conns = new WireTestClient[Conversation.CONNECTIONS];
    private final Map<Long, Integer> txIds = new HashMap<>();
    private final boolean[] closed = new boolean[Conversation.CONNECTIONS];
    private Frame lastReply;

    ConversationPeer(Path socket) throws IOException {
        for (int i = 0; i < conns.length; i++) {
            conns[i] = new WireTestClient(socket);
        }
    }

    /** The reply to the last step, for {@link Conversation#observe}. */
    Frame lastReply() {
        return lastReply;
    }

    /** Runs {@code step} and answers its normalised transcript. */
    String run(Conversation.Step step) throws IOException {
        int raw = rawTx(step.tx());
        StringBuilder out = new StringBuilder();
        WireTestClient c = conns[step.conn()];
        lastReply = null;
        if (closed[step.conn()]) {
            return "connection closed by the server earlier\n";
        }
        c.send(new Frame(step.type(), step.index(), raw, step.payload()));
        List<String> before = new ArrayList<>();
        try {
            Frame f;
            while ((f = c.receive()).type() == XsType.WATCH_EVENT) {
                before.add(event(f));
            }
            lastReply = f;
            if (step.type() == XsType.TRANSACTION_START && f.type() == XsType.TRANSACTION_START) {
                txIds.put((long) step.newTx(), Integer.parseUnsignedInt(WireTestClient.s(f.payload()).replace("\0", "")));
            }
            out.append("events before the reply: ").append(sorted(before)).append('\n');
            out.append("reply: ").append(render(step, raw, f)).append('\n');
        } catch (EOFException e) {
            closed[step.conn()] = true;
            out.append("events before the close: ").append(sorted(before)).append("\nclosed by the server\n");
        }
        sync(out);
        return out.toString();
    }

    private void sync(StringBuilder out) throws IOException {
        for (int i = 0; i < conns.length; i++) {
            if (!closed[i]) {
                conns[i].send(new Frame(XsType.GET_DOMAIN_PATH, SYNC_REQ_ID, 0, SYNC));
            }
        }
        for (int i = 0; i < conns.length; i++) {
            if (closed[i]) {
                continue;
            }
            List<String> events = new ArrayList<>();
            Frame f;
            while ((f = conns[i].receive()).type() == XsType.WATCH_EVENT) {
                events.add(event(f));
            }
            if (f.reqId() != SYNC_REQ_ID) {
                events.add("unexpected " + f);
            }
            if (!events.isEmpty()) {
                out.append("c").append(i).append(" events: ").append(sorted(events)).append('\n');
            }
        }
    }

    private static List<String> sorted(List<String> events) {
        return events.stream().sorted().toList();
    }

    private int rawTx(long tx) {
        if (tx == 0 || tx >= Conversation.NEVER_OPENED) {
            return (int) tx;
        }
        Integer id = txIds.get(tx);
        if (id == null) {
            throw new IllegalStateException("transaction symbol " + tx + " was never opened here");
        }
        return id;
    }

    private static String event(Frame f) {
        return (f.reqId() != 0 || f.txId() != 0 ? "ids " + f.reqId() + "/" + f.txId() + " " : "")
            + printable(f.payload());
    }

    private static String render(Conversation.Step step, int raw, Frame f) {
        String ids = (f.reqId() == step.index() ? "" : " req_id " + f.reqId())
            + (f.txId() == raw ? "" : " tx_id " + Integer.toUnsignedString(f.txId()) + " for " + Integer.toUnsignedString(raw));
        String payload;
        if (f.type() == XsType.TRANSACTION_START) {
            payload = "<id of tx symbol " + step.newTx() + ">";
        } else if (f.type() == XsType.DIRECTORY_PART) {
            byte[] p = f.payload();
            int nul = WireArgs.indexOfNul(p, 0);
            payload = nul < 0 ? printable(p) : "<gencnt>" + printable(java.util.Arrays.copyOfRange(p, nul, p.length));
        } else {
            payload = printable(f.payload());
        }
        return XsType.name(f.type()) + ids + " " + payload;
    }

    /** Every byte, escaped: a difference anywhere in a payload shows. */
    private static String printable(byte[] payload) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : payload) {
            int c = b & 0xff;
            if (c == 0) {
                sb.append("\\0");
            } else if (c < 0x20 || c > 0x7e || c == '\\' || c == '"') {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() throws IOException {
        for (WireTestClient c : conns) {
            c.close();
        }
    }
}
