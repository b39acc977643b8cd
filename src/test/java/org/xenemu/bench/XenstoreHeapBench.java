package org.xenemu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.store.Quotas;

/**
 * Heap bytes per node: used heap after building 100,000 nodes (16-byte values, paths like
 * {@code /bench/d12/n345}) minus the empty store's, after full GCs.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.XenstoreHeapBench}
 */
public final class XenstoreHeapBench {
    private XenstoreHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledUsed(memory);
        XenstoreEngine xs = new XenstoreEngine(Quotas.DEFAULTS);
        XenstoreBenchTrees.build(xs, nodes);
        long after = settledUsed(memory);
        System.out.printf("nodes=%d heapDelta=%d bytes bytesPerNode=%.1f (store still reachable: %s)%n",
                nodes, after - before, (after - before) / (double) nodes, xs.introducedDomains());
    }

    private static long settledUsed(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
