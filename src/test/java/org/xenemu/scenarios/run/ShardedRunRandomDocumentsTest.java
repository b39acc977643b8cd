package org.xenemu.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.ProgressListener;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * For random splittable documents (drawn from fixed seeds) — a few groups of guests with random workloads, late creations,
 * destructions, mem-sets and tunables, on hosts from roomy to too small — a split run gives the
 * single host's series byte for byte, or the same failure.
 */
class ShardedRunRandomDocumentsTest {

    /** Documents drawn from fixed seeds (so a failure names its seed and repeats), split in 2, 3 or 4. */
    @Test
    void aSplitRunIsTheSingleHostsRun() {
        Map<String, Integer> cases = new TreeMap<>();
        for (long seed = 1; seed <= 25; seed++) {
            int parts = 2 + (int) (seed % 3);
            Variant v = Runs.plan(document(new Random(seed))).variants().get(0);
            String one = outcome(new PrivateHostRunner(), v);
            String split = outcome(new PrivateHostRunner().withThreads(parts, 1), v);
            assertThat(split).as("seed %d, %d parts", seed, parts).isEqualTo(one);
            String how = !ShardedRun.splittable(v.scenario(), parts, 1) ? "not split"
                    : new ShardedRun(v, parts, ProgressListener.NONE, new Cancellation()).go().isPresent() ? "split kept"
                    : "run again on one host";
            cases.merge(how, 1, Integer::sum);
        }
        // both ways a split can go are exercised: kept, and given up for one host (a tight host, a failure)
        assertThat(cases).containsKeys("split kept", "run again on one host");
    }

    private static String outcome(PrivateHostRunner runner, Variant v) {
        try {
            VariantSeries s = runner.run(v, ProgressListener.NONE, new Cancellation());
            return new String(ShardedRunTest.csv(s), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            return "failed: " + e.getMessage();
        }
    }

    static String document(Random r) {
        StringBuilder d = new StringBuilder();
        long hostMiB = List.of(1536, 3072, 8192).get(r.nextInt(3));
        d.append("name: random\nseed: ").append(r.nextInt(1000)).append("\nduration: ")
                .append(30 + r.nextInt(90)).append("m\nsample: ").append(30 + r.nextInt(60)).append("s\n")
                .append("host: {memoryKiB: ").append(hostMiB * 1024).append(", nodes: ").append(1 + r.nextInt(2))
                .append(", dom0KiB: 262144}\ndomains:\n");
        List<String> names = new ArrayList<>();
        int groups = 1 + r.nextInt(3);
        for (int g = 0; g < groups; g++) {
            int count = 1 + r.nextInt(4);
            String name = "g" + g;
            d.append(group(r, name, count, "  "));
            for (int i = 1; i <= count; i++) {
                names.add(count == 1 ? name : name + "-" + i);
            }
        }
        d.append("actions:\n");
        int minute = 1;
        int late = 0;
        List<String> alive = new ArrayList<>(names);
        for (int a = 0; a < 6 && minute < 29; a++) {
            minute += 1 + r.nextInt(4);
            String at = "  - {at: " + minute + "m, ";
            switch (r.nextInt(4)) {
                case 0 -> {
                    String name = "late" + late++;
                    d.append(at).append("op: create, domain: {name: ").append(name)
                            .append(", memoryKiB: 131072, staticMaxKiB: 262144, workload: [{kind: constant, kib: ")
                            .append(10000 + r.nextInt(60000)).append("}]}}\n");
                    alive.add(name);
                }
                case 1 -> {
                    if (alive.size() > 1) {
                        d.append(at).append("op: destroy, domain: ").append(alive.remove(r.nextInt(alive.size())))
                                .append("}\n");
                    }
                }
                case 2 -> d.append(at).append("op: mem-set, domain: ").append(alive.get(r.nextInt(alive.size())))
                        .append(", kib: ").append(65536 + r.nextInt(131072)).append("}\n");
                default -> d.append(at).append("op: selfballoon, domain: ").append(alive.get(r.nextInt(alive.size())))
                        .append(", selfballoonDownhysteresis: ").append(1 + r.nextInt(16)).append("}\n");
            }
        }
        if (d.toString().endsWith("actions:\n")) {
            d.setLength(d.length() - "actions:\n".length());
        }
        return d.toString();
    }

    private static String group(Random r, String name, int count, String indent) {
        boolean tmem = r.nextBoolean();
        return indent + "- name: " + name + "\n"
                + indent + "  count: " + count + "\n"
                + indent + "  memoryKiB: 262144\n"
                + indent + "  staticMaxKiB: " + (262144 + 65536 * r.nextInt(5)) + "\n"
                + indent + "  kernel: {swapKiB: 131072, tmem: " + tmem + ", overcommitMemory: 1}\n"
                + indent + "  workload:\n"
                + indent + "    - {kind: constant, kib: " + (20000 + r.nextInt(100000)) + "}\n"
                + indent + "    - {kind: daily, baseKiB: " + (10000 + r.nextInt(60000)) + ", amplitude: 0.5, peakAt: 20m}\n"
                + indent + "    - {kind: spikes, perHour: " + (1 + r.nextInt(12)) + ", kib: " + (20000 + r.nextInt(150000))
                + ", duration: 60s}\n";
    }
}
