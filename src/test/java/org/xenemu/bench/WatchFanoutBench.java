package org.xenemu.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.store.Quotas;

/**
 * 1,000 watchers (each its own connection, as guests and REST streams are) on one subtree, one
 * write below it: time from calling WRITE until every watcher's sink has been handed its event.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.WatchFanoutBench}
 */
public final class WatchFanoutBench {
    private WatchFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        int watchers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = 2000;
        XenstoreEngine xs = new XenstoreEngine(Quotas.DEFAULTS);
        XenstoreBenchTrees.build(xs, 10_000);
        AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(watchers));
        List<XsConnection> conns = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            XsConnection c = xs.connect(0, true, (p, t) -> {
                latch.get().countDown();
                return true;
            });
            c.watch(i % 2 == 0 ? "/bench" : "/bench/d3", "w" + i);
            conns.add(c);
        }
        XsConnection writer = xs.connect(0, true, WatchSink.DISCARD);
        byte[] value = "x".getBytes(StandardCharsets.US_ASCII);
        long[] nanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            CountDownLatch l = new CountDownLatch(watchers);
            latch.set(l);
            long start = System.nanoTime();
            writer.write(0, "/bench/d3/n" + (r % 1000), value);
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("events missing: " + l.getCount());
            }
            nanos[r] = System.nanoTime() - start;
        }
        long[] measured = Arrays.copyOfRange(nanos, rounds / 2, rounds);
        Arrays.sort(measured);
        System.out.printf("watchers=%d rounds=%d (first half warm-up) median=%.1f us p90=%.1f us p99=%.1f us min=%.1f us%n",
                watchers, rounds, measured[measured.length / 2] / 1e3, measured[measured.length * 9 / 10] / 1e3,
                measured[measured.length * 99 / 100] / 1e3, measured[0] / 1e3);
        conns.forEach(XsConnection::close);
    }
}
