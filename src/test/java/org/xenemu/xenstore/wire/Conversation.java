package org.xenemu.xenstore.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random conversation with a xenstored over {@value #CONNECTIONS} connections, all dom0:
 * reads, writes, mkdir, rm, directory (and DIRECTORY_PART), get/set perms, watch/unwatch,
 * transaction start/end, reset-watches, with valid and invalid paths (relative and absolute, too
 * long, bad characters, {@code //}, trailing {@code /}, empty, {@code @} names) and valid, ended
 * and never-opened transaction ids. Steps are made one at a time, because what comes next depends
 * on what the servers answered (which transactions are open, which watches exist); the caller
 * reports the reference's reply through {@link #observe}.
 *
 * <p>Transactions are symbols: {@link Step#tx()} is 0 (none), a symbol {@code 1..} that each
 * server maps to the id it gave, or a raw id of at least {@link #NEVER_OPENED} that no server
 * gives out in a test. A symbol is only ever used on the connection that started it: C numbers
 * transactions per connection, xenemu across the store, and both are right.
 *
 * <p>Left out on purpose: a single-path request without its NUL (C answers whatever errno the
 * previous request left behind); GET/SET_PERMS of {@code @} names (GET_PERMS of the special paths
 * is a documented xenemu extension; C 4.17.7's SET_PERMS of an unknown {@code @} name answers a
 * left-over errno, or nothing when that is 0, and then aborts on the connection's next request:
 * {@code set_perms_special} returns EINVAL without setting errno, seen while writing this test);
 * INTRODUCE/RELEASE (global state of a shared daemon), CONTROL (implementation-specific), and
 * other domains' permissions (every reference connection is dom0).
 */
final class Conversation {
    static final int CONNECTIONS = 3;
    static final long NEVER_OPENED = 0x7EAD_0000L;
    private static final String[] TOKENS = {"t0", "t1", "t2"};
    private static final String[] PERMS = {"n0", "r0", "w0", "b0", "r5", "w7", "n3", "b2"};

    /** One request; {@code newTx} is the symbol a TRANSACTION_START would open. */
    record Step(int index, int conn, int type, long tx, byte[] payload, int newTx) {
        @Override
        public String toString() {
            return "#" + index + " c" + conn + " " + new Frame(type, index, (int) tx, payload)
                + (tx > 0 && tx < NEVER_OPENED ? " (tx symbol " + tx + ")" : "");
        }
    }

    private final Random random;
    private final String base;
    private final String relativeBase;
    private final List<String> validPaths = new ArrayList<>();
    private final List<String> invalidPaths = new ArrayList<>();
    private final List<List<Integer>> openTx = new ArrayList<>();
    private final List<List<Integer>> endedTx = new ArrayList<>();
    private final List<List<String[]>> watches = new ArrayList<>();
    private int nextSymbol = 1;
    private int index;

    /** {@code base}: an absolute path below {@code /local/domain/0/} that only this conversation uses. */
    Conversation(long seed, String base) {
        this.random = new Random(seed);
        this.base = base;
        this.relativeBase = base.substring("/local/domain/0/".length());
        for (String p : new String[] {"", "/a", "/a/b", "/a/b/c", "/b", "/b/x", "/c", "/c/d/e"}) {
            validPaths.add(base + p);
            validPaths.add(relativeBase + p);
        }
        validPaths.add(base + "/" + "l".repeat(1990)); // below path-max (2048 past /local/domain/0/)
        invalidPaths.add(base + "/" + "l".repeat(2100)); // past it: EINVAL for dom0 too
        for (String p : new String[] {"a.b", "a b", "//", base + "/", "", base + "//a", "rel/", base + "/x\u00ff",
            "@introduceDomain", "@foo", base + "/a/"}) {
            invalidPaths.add(p);
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            openTx.add(new ArrayList<>());
            endedTx.add(new ArrayList<>());
            watches.add(new ArrayList<>());
        }
    }

    Step next() {
        int conn = random.nextInt(CONNECTIONS);
        int type = pickType();
        long tx = pickTx(conn);
        byte[] payload = switch (type) {
            case XsType.READ, XsType.DIRECTORY, XsType.MKDIR, XsType.RM -> strings(path());
            case XsType.GET_PERMS -> strings(nodePath());
            case XsType.WRITE -> concat(strings(path()), value());
            case XsType.SET_PERMS -> setPerms();
            case XsType.WATCH -> strings(watchPath(), token());
            case XsType.UNWATCH -> unwatch(conn);
            case XsType.TRANSACTION_START -> random.nextInt(5) == 0 ? new byte[0] : strings("");
            case XsType.TRANSACTION_END -> strings(pick(new String[] {"T", "T", "F", "F", "X"}));
            case XsType.DIRECTORY_PART -> strings(path(), pick(new String[] {"0", "1", "2", "5", "100"}));
            case XsType.GET_DOMAIN_PATH -> strings(pick(new String[] {"0", "7"}));
            case XsType.IS_DOMAIN_INTRODUCED -> strings("0");
            default -> new byte[0]; // RESET_WATCHES
        };
        return new Step(index++, conn, type, tx, payload, type == XsType.TRANSACTION_START ? nextSymbol : 0);
    }

    /** The reference's reply to {@code step}: keeps the open transactions and watches as it sees them. */
    void observe(Step step, Frame reply) {
        boolean ok = reply.type() == step.type();
        String error = ok ? "" : WireTestClient.s(reply.payload());
        switch (step.type()) {
            case XsType.TRANSACTION_START -> {
                if (ok) {
                    openTx.get(step.conn()).add(nextSymbol++);
                }
            }
            case XsType.TRANSACTION_END -> {
                Integer symbol = (int) step.tx();
                if (openTx.get(step.conn()).contains(symbol) && !error.equals("EINVAL\0")) {
                    openTx.get(step.conn()).remove(symbol); // ended whatever the outcome, as C frees it
                    endedTx.get(step.conn()).add(symbol);
                }
            }
            case XsType.RESET_WATCHES -> {
                if (ok) {
                    endedTx.get(step.conn()).addAll(openTx.get(step.conn()));
                    openTx.get(step.conn()).clear();
                    watches.get(step.conn()).clear();
                }
            }
            case XsType.WATCH -> {
                if (ok) {
                    watches.get(step.conn()).add(WireArgs.strings(step.payload(), 2).toArray(String[]::new));
                }
            }
            case XsType.UNWATCH -> {
                if (ok) {
                    List<String> args = WireArgs.strings(step.payload(), 2);
                    watches.get(step.conn()).removeIf(w -> absolute(w[0]).equals(absolute(args.get(0)))
                        && w[1].equals(args.get(1)));
                }
            }
            default -> {
            }
        }
    }

    private String absolute(String path) {
        return path.startsWith("/") || path.startsWith("@") ? path : "/local/domain/0/" + path;
    }

    private int pickType() {
        int[][] weights = {{XsType.READ, 12}, {XsType.WRITE, 12}, {XsType.MKDIR, 5}, {XsType.RM, 6},
            {XsType.DIRECTORY, 6}, {XsType.DIRECTORY_PART, 3}, {XsType.GET_PERMS, 5}, {XsType.SET_PERMS, 5},
            {XsType.WATCH, 8}, {XsType.UNWATCH, 8}, {XsType.TRANSACTION_START, 6}, {XsType.TRANSACTION_END, 7},
            {XsType.RESET_WATCHES, 1}, {XsType.GET_DOMAIN_PATH, 1}, {XsType.IS_DOMAIN_INTRODUCED, 1}};
        int total = 0;
        for (int[] w : weights) {
            total += w[1];
        }
        int roll = random.nextInt(total);
        for (int[] w : weights) {
            roll -= w[1];
            if (roll < 0) {
                return w[0];
            }
        }
        throw new IllegalStateException();
    }

    /** Mostly none; else an open one, an ended one, or one never opened. */
    private long pickTx(int conn) {
        int roll = random.nextInt(20);
        List<Integer> open = openTx.get(conn);
        List<Integer> ended = endedTx.get(conn);
        if (roll < 11) {
            return 0;
        }
        if (roll < 17 && !open.isEmpty()) {
            return open.get(random.nextInt(open.size()));
        }
        if (roll < 19 && !ended.isEmpty()) {
            return ended.get(random.nextInt(ended.size()));
        }
        return NEVER_OPENED + random.nextInt(1000);
    }

    private String path() {
        return random.nextInt(5) == 0 ? pick(invalidPaths) : pick(validPaths);
    }

    /** {@link #path()} without {@code @} names (GET/SET_PERMS, see the class comment). */
    private String nodePath() {
        String p;
        do {
            p = path();
        } while (p.startsWith("@"));
        return p;
    }

    private String watchPath() {
        return random.nextInt(8) == 0 ? pick(new String[] {"@introduceDomain", "@releaseDomain", "@foo"}) : path();
    }

    private String token() {
        return pick(TOKENS);
    }

    private byte[] unwatch(int conn) {
        List<String[]> own = watches.get(conn);
        if (!own.isEmpty() && random.nextInt(3) != 0) {
            String[] w = own.get(random.nextInt(own.size()));
            String path = w[0];
            if (path.startsWith(base) && random.nextBoolean()) {
                path = relativeBase + path.substring(base.length()); // the other spelling names the same watch
            }
            return strings(path, w[1]);
        }
        return strings(watchPath(), token());
    }

    private byte[] setPerms() {
        List<String> args = new ArrayList<>(List.of(nodePath()));
        int n = random.nextInt(4); // 0: no permission at all (EINVAL)
        for (int i = 0; i < n; i++) {
            args.add(random.nextInt(12) == 0 ? "x9" : pick(PERMS));
        }
        return strings(args.toArray(String[]::new));
    }

    private byte[] value() {
        return switch (random.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> "x\0y".getBytes(StandardCharsets.ISO_8859_1);
            case 2 -> "v".repeat(random.nextInt(300)).getBytes(StandardCharsets.ISO_8859_1);
            default -> ("v" + random.nextInt(100)).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static byte[] strings(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String a : args) {
            out.writeBytes(a.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
