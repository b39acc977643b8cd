package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.xenstore.store.Quotas;

/**
 * Random operation sequences from dom0 and two guests, with and without a transaction, against
 * {@link ReferenceModel}. Checked after every step: same outcome (value, list or errno), same
 * tree (every node's ancestors exist, same values and perms), node counts per owner as the model
 * says and within quota for guest-created nodes, and generations that grow exactly for changed
 * nodes. A transaction's commit must be serializable: if it commits, replaying its operations on
 * the model at commit time gives the results the transaction saw; if no one else changed
 * anything meanwhile, it must commit. Two transactions may be open at once, so a commit may also
 * be refused with ENOSPC for the nodes quota (C's {@code transaction_fix_domains}).
 */
class StoreModelPropertyTest {
    static final List<String> PATHS = List.of("/a", "/a/b", "/a/b/c", "/a/d", "/local/domain/1",
            "/local/domain/1/x", "/local/domain/1/x/y", "/local/domain/2/z", "/local/domain/2", "/tool/t");
    static final List<List<String>> PERMS = List.of(List.of("n0"), List.of("n0", "r1"), List.of("b0"),
            List.of("n1", "b2"), List.of("r2"), List.of("n1"), List.of("n2", "r1"), List.of("w0", "r2"));
    static final int NODE_QUOTA = 4;

    enum Kind { WRITE, MKDIR, RM, READ, DIRECTORY, SET_PERMS }

    record Op(int caller, Kind kind, int path, int value, int perms) {
        boolean mutates() {
            return kind == Kind.WRITE || kind == Kind.MKDIR || kind == Kind.RM || kind == Kind.SET_PERMS;
        }
    }

    @Provide
    Arbitrary<Op> op() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, PATHS.size() - 1), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, PERMS.size() - 1)).as(Op::new);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return op().list().ofMinSize(1).ofMaxSize(40);
    }

    /** One engine + model pair and the per-caller connections. */
    static final class World {
        final XenstoreEngine xs = new XenstoreEngine(new Quotas(NODE_QUOTA, 128, 10, 1024, 2048, 5, 2048, 20));
        final XsConnection[] conns = new XsConnection[3];
        ReferenceModel model = ReferenceModel.initial(NODE_QUOTA);
        final Map<String, Long> generations = new HashMap<>();
        long maxGeneration;

        World() {
            conns[0] = xs.connect(0, true, WatchSink.DISCARD);
            conns[1] = xs.connect(1, false, WatchSink.DISCARD);
            conns[2] = xs.connect(2, false, WatchSink.DISCARD);
            for (Op setup : List.of(new Op(0, Kind.MKDIR, 4, 0, 0), new Op(0, Kind.SET_PERMS, 4, 0, 5),
                    new Op(0, Kind.MKDIR, 8, 0, 0), new Op(0, Kind.SET_PERMS, 8, 0, 6))) {
                assertThat(apply(setup, 0)).isEqualTo(applyModel(model, setup));
            }
            snapshotGenerations();
        }

        String apply(Op op, long tx) {
            XsConnection c = conns[op.caller()];
            String path = PATHS.get(op.path());
            try {
                return switch (op.kind()) {
                    case WRITE -> {
                        c.write(tx, path, value(op));
                        yield "OK";
                    }
                    case MKDIR -> {
                        c.mkdir(tx, path);
                        yield "OK";
                    }
                    case RM -> {
                        c.rm(tx, path);
                        yield "OK";
                    }
                    case READ -> "=" + new String(c.read(tx, path), StandardCharsets.UTF_8);
                    case DIRECTORY -> c.directory(tx, path).toString();
                    case SET_PERMS -> {
                        c.setPerms(tx, path, PERMS.get(op.perms()));
                        yield "OK";
                    }
                };
            } catch (XenException e) {
                return e.errno().name();
            }
        }

        static byte[] value(Op op) {
            return ("v" + op.value()).getBytes(StandardCharsets.UTF_8);
        }

        static String applyModel(ReferenceModel m, Op op) {
            int d = op.caller();
            boolean priv = d == 0;
            String path = PATHS.get(op.path());
            try {
                return switch (op.kind()) {
                    case WRITE -> {
                        m.write(path, value(op), d, priv);
                        yield "OK";
                    }
                    case MKDIR -> {
                        m.mkdir(path, d, priv);
                        yield "OK";
                    }
                    case RM -> {
                        m.rm(path, d, priv);
                        yield "OK";
                    }
                    case READ -> "=" + new String(m.read(path, d, priv), StandardCharsets.UTF_8);
                    case DIRECTORY -> m.directory(path, d, priv).toString();
                    case SET_PERMS -> {
                        m.setPerms(path, PERMS.get(op.perms()), d, priv);
                        yield "OK";
                    }
                };
            } catch (XenException e) {
                return e.errno().name();
            }
        }

        /** The invariants; {@code before} is the model before the step (to know what changed). */
        void verify(ReferenceModel before, java.util.Set<String> rewritten) {
            Map<String, Long> now = new HashMap<>();
            List<String> walked = new ArrayList<>();
            walk("/", walked);
            assertThat(walked).containsExactlyInAnyOrderElementsOf(model.nodes.keySet());
            long newMax = maxGeneration;
            for (String p : walked) {
                ReferenceModel.MNode m = model.nodes.get(p);
                assertThat(conns[0].read(0, p)).as("value of %s", p).containsExactly(m.value());
                assertThat(conns[0].getPerms(0, p)).as("perms of %s", p).isEqualTo(m.perms());
                assertThat(conns[0].directory(0, p)).as("children of %s", p).isEqualTo(m.children());
                long g = conns[0].directoryPart(0, p, 0).generation();
                now.put(p, g);
                ReferenceModel.MNode old = before.nodes.get(p);
                boolean changed = old == null || !java.util.Arrays.equals(old.value(), m.value())
                        || !old.perms().equals(m.perms()) || !old.children().equals(m.children());
                if (changed && old == null) {
                    assertThat(g).as("generation of new %s", p).isGreaterThan(maxGeneration);
                } else if (!changed && !touchedOrAncestor(p, rewritten)) {
                    assertThat(g).as("generation of unchanged %s", p).isEqualTo(generations.get(p));
                } else {
                    assertThat(g).as("generation of changed %s", p).isGreaterThanOrEqualTo(generations.get(p));
                }
                newMax = Math.max(newMax, g);
            }
            for (int d = 1; d <= 2; d++) {
                assertThat(xs.quota(d).usage().get("nodes")).isEqualTo((long) model.owned(d));
            }
            generations.clear();
            generations.putAll(now);
            maxGeneration = newMax;
        }

        /** A rewrite with the same bytes, or a remove + re-create, changes the node and its parent in C too. */
        static boolean touchedOrAncestor(String p, java.util.Set<String> touched) {
            for (String t : touched) {
                if (t.equals(p) || p.equals("/") || t.startsWith(p + "/")) {
                    return true;
                }
            }
            return false;
        }

        void snapshotGenerations() {
            generations.clear();
            List<String> walked = new ArrayList<>();
            walk("/", walked);
            for (String p : walked) {
                long g = conns[0].directoryPart(0, p, 0).generation();
                generations.put(p, g);
                maxGeneration = Math.max(maxGeneration, g);
            }
        }

        private void walk(String p, List<String> out) {
            out.add(p);
            for (String c : conns[0].directory(0, p)) {
                walk(p.equals("/") ? "/" + c : p + "/" + c, out);
            }
        }
    }

    @Property(tries = 500)
    void operationsOutsideTransactionsAgreeWithTheModel(@ForAll("ops") List<Op> ops) {
        World w = new World();
        for (Op op : ops) {
            ReferenceModel before = w.model.copy();
            String expected = World.applyModel(w.model, op);
            assertThat(w.apply(op, 0)).as("%s", op).isEqualTo(expected);
            w.verify(before, java.util.Set.of(PATHS.get(op.path())));
            if (op.caller() != 0 && expected.equals("OK")) {
                assertThat(w.model.owned(op.caller())).isLessThanOrEqualTo(NODE_QUOTA + 2);
            }
        }
        assertThat(Errno.values()).isNotEmpty();
    }

    /** One open transaction of the property below: its caller, id, operations and what they answered. */
    static final class OpenTx {
        final int caller;
        final long id;
        final List<Op> ops = new ArrayList<>();
        final List<String> saw = new ArrayList<>();
        /** What the caller owned in the committed tree when each operation ran (C's quota count in a transaction). */
        final List<Integer> ownedAtOp = new ArrayList<>();
        boolean changedSinceStart;

        OpenTx(World w, int caller) {
            this.caller = caller;
            this.id = w.conns[caller].transactionStart(0);
        }

        boolean mutated() {
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).mutates() && saw.get(i).equals("OK")) {
                    return true;
                }
            }
            return false;
        }

        boolean triedToCreate() {
            for (Op op : ops) {
                if (op.kind() == Kind.WRITE || op.kind() == Kind.MKDIR) {
                    return true;
                }
            }
            return false;
        }

        /** Commits and checks the outcome; true if it committed. */
        boolean commit(World w) {
            ReferenceModel before = w.model.copy();
            String commit;
            try {
                w.conns[caller].transactionEnd(id, true);
                commit = "OK";
            } catch (XenException e) {
                commit = e.errno().name();
            }
            net.jqwik.api.statistics.Statistics.label("commit").collect(commit);
            ReferenceModel replay = w.model.copy();
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                replay.committedCountInTx = ownedAtOp.get(i);
                replayed.add(World.applyModel(replay, ops.get(i)));
            }
            replay.committedCountInTx = null;
            if (commit.equals("OK")) {
                assertThat(saw).as("transaction results vs serial replay at commit").isEqualTo(replayed);
                w.model = replay;
            } else if (commit.equals("ENOSPC")) {
                // C's transaction_fix_domains: a guest's commit that tried to create may not leave a
                // guest at or past the nodes quota (the model refuses creates past it, so a replay
                // either ends there or answers differently). C checks this before conflicts, with
                // the counts the transaction changed as it saw them: after another change it may
                // answer ENOSPC where the conflict alone would be EAGAIN.
                assertThat(caller).as("ENOSPC at commit for dom0").isNotZero();
                assertThat(triedToCreate()).as("ENOSPC at commit without a create").isTrue();
                boolean atQuota = replay.owned(1) >= NODE_QUOTA || replay.owned(2) >= NODE_QUOTA;
                assertThat(atQuota || !saw.equals(replayed) || changedSinceStart).as("ENOSPC at commit below the quota").isTrue();
            } else {
                assertThat(commit).isEqualTo("EAGAIN");
                assertThat(changedSinceStart).as("EAGAIN without any other change").isTrue();
            }
            java.util.Set<String> touched = new java.util.HashSet<>();
            ops.forEach(op -> touched.add(PATHS.get(op.path())));
            w.verify(before, touched);
            return commit.equals("OK");
        }
    }

    /**
     * Two transactions open at once (any callers, the same one included) interleaved with direct
     * operations, committed in turn: each commits serializably, or fails with EAGAIN after some
     * other change, or with ENOSPC when it would leave a guest at its nodes quota.
     */
    @Property(tries = 500)
    void transactionsCommitSerializablyOrFailWithEagain(@ForAll("ops") List<Op> prefix,
                                                        @ForAll("ops") List<Op> interleaved,
                                                        @ForAll("txChoices") List<Integer> where) {
        World w = new World();
        for (Op op : prefix) {
            World.applyModel(w.model, op);
            w.apply(op, 0);
        }
        w.snapshotGenerations();
        OpenTx[] txs = {new OpenTx(w, interleaved.get(0).caller()),
                new OpenTx(w, interleaved.get(interleaved.size() - 1).caller())};
        for (int i = 0; i < interleaved.size(); i++) {
            Op op = interleaved.get(i);
            int in = i < where.size() ? where.get(i) : 0;
            if (in > 0) {
                OpenTx t = txs[in - 1];
                Op mine = new Op(t.caller, op.kind(), op.path(), op.value(), op.perms());
                t.ops.add(mine);
                t.ownedAtOp.add(w.model.owned(t.caller));
                t.saw.add(w.apply(mine, t.id));
            } else {
                ReferenceModel before = w.model.copy();
                String expected = World.applyModel(w.model, op);
                assertThat(w.apply(op, 0)).as("outside %s", op).isEqualTo(expected);
                if (op.mutates() && expected.equals("OK")) {
                    txs[0].changedSinceStart = true;
                    txs[1].changedSinceStart = true;
                }
                w.verify(before, java.util.Set.of(PATHS.get(op.path())));
            }
        }
        if (txs[0].commit(w) && txs[0].mutated()) {
            txs[1].changedSinceStart = true;
        }
        txs[1].commit(w);
    }

    @Provide
    Arbitrary<List<Integer>> txChoices() {
        return Arbitraries.integers().between(0, 2).list().ofMinSize(0).ofMaxSize(40);
    }

}
