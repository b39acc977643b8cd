package org.xenemu.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/** Every operation is atomic under concurrent callers. */
class ConcurrencyTest extends XsFixture {
    @Test
    void concurrentIncrementsInRetriedTransactionsLoseNothing() throws Exception {
        dom0.write(0, "/counter", b("0"));
        int threads = 4;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            XsConnection c = xs.connect(0, true, WatchSink.DISCARD);
            done.add(pool.submit(incrementer(c, perThread)));
        }
        int retries = 0;
        for (Future<Integer> f : done) {
            retries += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(s(dom0.read(0, "/counter"))).isEqualTo(Integer.toString(threads * perThread));
        assertThat(retries).isGreaterThanOrEqualTo(0);
    }

    private Callable<Integer> incrementer(XsConnection c, int times) {
        return () -> {
            int retries = 0;
            for (int i = 0; i < times; i++) {
                while (true) {
                    long tx = c.transactionStart(0);
                    int v = Integer.parseInt(s(c.read(tx, "/counter")));
                    c.write(tx, "/counter", b(Integer.toString(v + 1)));
                    try {
                        c.transactionEnd(tx, true);
                        break;
                    } catch (XenException e) {
                        assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
                        retries++;
                    }
                }
            }
            return retries;
        };
    }

    @Test
    void concurrentWritersAndReadersKeepTheTreeConsistentAndWatchersSeeEveryWrite() throws Exception {
        Recorder events = new Recorder();
        XsConnection watcher = xs.connect(0, true, events);
        watcher.watch("/par", "t");
        events.drain();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int id = t;
            XsConnection c = xs.connect(0, true, WatchSink.DISCARD);
            done.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    c.write(0, "/par/" + id + "/" + i, b("v"));
                }
            }));
        }
        XsConnection reader = xs.connect(0, true, WatchSink.DISCARD);
        done.add(pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
                try {
                    for (String child : reader.directory(0, "/par")) {
                        reader.children(0, "/par/" + child);
                    }
                } catch (XenException e) {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                }
            }
        }));
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (int t = 0; t < 3; t++) {
            assertThat(dom0.children(0, "/par/" + t)).hasSize(300);
        }
        List<String> seen = events.drain();
        assertThat(seen).hasSize(900);
        for (int t = 0; t < 3; t++) {
            String prefix = "/par/" + t + "/";
            List<String> mine = seen.stream().filter(e -> e.startsWith(prefix)).toList();
            for (int i = 0; i < 300; i++) {
                assertThat(mine.get(i)).isEqualTo(prefix + i + "|t");
            }
        }
    }
}
