package org.xenemu.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XenstoreEngine;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.store.Quotas;

/**
 * READ and WRITE per second through the facade on a tree of 100,000 nodes, 1 and 2 threads.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.XenstoreOpsBench}
 * (in-process, forks 0, because exec:java's class loader is not the JVM class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XenstoreOpsBench {
    static final int NODES = 100_000;
    XenstoreEngine xs;

    @State(Scope.Thread)
    public static class Client {
        XsConnection connection;
        final byte[] value = "new-value".getBytes(StandardCharsets.US_ASCII);

        @Setup(Level.Trial)
        public void open(XenstoreOpsBench bench) {
            connection = bench.xs.connect(0, true, WatchSink.DISCARD);
        }
    }

    @Setup(Level.Trial)
    public void tree() {
        xs = new XenstoreEngine(Quotas.DEFAULTS);
        XenstoreBenchTrees.build(xs, NODES);
    }

    @Benchmark
    public byte[] read(Client c) {
        return c.connection.read(0, XenstoreBenchTrees.path(ThreadLocalRandom.current().nextInt(NODES)));
    }

    @Benchmark
    public void write(Client c) {
        c.connection.write(0, XenstoreBenchTrees.path(ThreadLocalRandom.current().nextInt(NODES)), c.value);
    }

    public static void main(String[] args) throws Exception {
        for (int threads : new int[] {1, 2}) {
            Options opts = new OptionsBuilder()
                    .include(XenstoreOpsBench.class.getName())
                    .forks(0)
                    .threads(threads)
                    .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(3))
                    .build();
            new Runner(opts).run();
        }
    }
}
