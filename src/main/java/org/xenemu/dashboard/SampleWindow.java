package org.xenemu.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xenemu.units.NearestRank;

/**
 * {@code GET /api/v1/host/samples?since=J} (docs/api.md "Dashboard and metrics"): the samples held
 * after jiffy J, columnar, oldest first. Every array of {@code host} and {@code nodes} has one
 * entry per element of {@code jiffies}; a domain's track starts at sample {@code from} of this
 * window and is as long as the domain was sampled without a break (a domain created or destroyed
 * inside the window has a shorter track). Sizes KiB.
 *
 * @param hz             jiffies per virtual second
 * @param sampleSeconds  virtual seconds between samples
 * @param history        samples the ring keeps
 * @param oldestJiffies  the oldest sample held (absent while none is)
 * @param latestJiffies  the newest sample held: the {@code since} of the next request
 * @param jiffies        each sample's virtual time
 * @param gamma          the balancer's γ at each sample, {@code null} where it had none
 * @param host           the whole host's memory by owner
 * @param nodes          the same per NUMA node
 * @param domains        each domain's tracks; with {@code fleet}, dom0's only
 * @param fleet          absent unless asked for ({@code fleetAbove}) and the window holds more
 *                       guests than that: the guests' percentiles instead of their tracks
 */
public record SampleWindow(int hz, int sampleSeconds, int history, @Nullable Long oldestJiffies,
                           @Nullable Long latestJiffies, long[] jiffies, List<@Nullable Double> gamma,
                           Memory host, List<Memory> nodes, List<Track> domains, @Nullable Fleet fleet) {

    /** The percentiles a fleet's page draws: nearest rank (as the scenario reports), null where no guest was. */
    static final int[] PERCENTILES = {10, 50, 90};

    /**
     * The guests (every domain but dom0) as a fleet: at each sample, how many there were and the
     * 10th, 50th and 90th percentile of their balloon target, what they own and their
     * Committed_AS — the value at position ⌈p·m/100⌉ of the m sorted values, null when m is 0.
     */
    public record Fleet(int[] guests, Percentiles targetKiB, Percentiles currentKiB, Percentiles committedAsKiB) {
    }

    /** One figure's percentiles, one entry per sample. */
    public record Percentiles(List<@Nullable Long> p10, List<@Nullable Long> p50, List<@Nullable Long> p90) {
    }

    /**
     * Memory by owner: {@code total = xen + domains + tmem + pressure + reserved + free} at every
     * sample. {@code domains} is what every domain owns, dom0 included; {@code node} is absent for
     * the whole host.
     */
    public record Memory(@Nullable Integer node, long[] totalKiB, long[] xenKiB, long[] domainsKiB, long[] tmemKiB,
                         long[] pressureKiB, long[] reservedKiB, long[] freeKiB) {
    }

    /**
     * One domain over consecutive samples {@code from}, {@code from + 1}, …: its balloon target,
     * what it owns (in total and per node: {@code currentKiBPerNode[node][i]}), its guest's
     * Committed_AS and MemFree.
     */
    public record Track(int domid, String name, int from, long[] targetKiB, long[] currentKiB,
                        long[][] currentKiBPerNode, long[] committedAsKiB, long[] memFreeKiB) {
    }

    /**
     * The window of {@code samples}; with {@code fleetAbove} ≥ 0 and more distinct guests in it
     * than that, their percentiles replace their tracks (a page watching a thousand guests gets a
     * few hundred KB, not tens of MB).
     */
    static SampleWindow of(int hz, SamplerSettings settings, @Nullable Sample oldest, @Nullable Sample latest,
                           List<Sample> samples, int nodeCount, int fleetAbove) {
        int n = samples.size();
        long[] jiffies = new long[n];
        List<@Nullable Double> gamma = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            jiffies[i] = s.jiffies();
            gamma.add(s.gamma().isPresent() ? s.rawGamma() : null);
        }
        List<Memory> nodes = new ArrayList<>(nodeCount);
        for (int node = 0; node < nodeCount; node++) {
            nodes.add(memory(samples, node));
        }
        boolean asFleet = fleetAbove >= 0 && guestTracks(samples) > fleetAbove;
        List<Track> tracks = tracks(samples, nodeCount, asFleet);
        Fleet fleet = asFleet ? fleet(samples) : null;
        return new SampleWindow(hz, settings.sampleSeconds(), settings.history(),
                oldest == null ? null : oldest.jiffies(), latest == null ? null : latest.jiffies(), jiffies, gamma,
                memory(samples, -1), nodes, tracks, fleet);
    }

    private static Fleet fleet(List<Sample> samples) {
        int n = samples.size();
        int[] guests = new int[n];
        List<List<@Nullable Long>> target = percentileLists(n);
        List<List<@Nullable Long>> current = percentileLists(n);
        List<List<@Nullable Long>> committed = percentileLists(n);
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            long[][] values = new long[3][s.domainCount()];
            int m = 0;
            for (int d = 0; d < s.domainCount(); d++) {
                if (s.domid(d) != 0) {
                    values[0][m] = s.targetKiB(d);
                    values[1][m] = s.currentKiB(d);
                    values[2][m] = s.committedAsKiB(d);
                    m++;
                }
            }
            guests[i] = m;
            addPercentiles(target, values[0], m);
            addPercentiles(current, values[1], m);
            addPercentiles(committed, values[2], m);
        }
        return new Fleet(guests, percentiles(target), percentiles(current), percentiles(committed));
    }

    private static List<List<@Nullable Long>> percentileLists(int n) {
        List<List<@Nullable Long>> lists = new ArrayList<>();
        for (int p = 0; p < PERCENTILES.length; p++) {
            lists.add(new ArrayList<>(n));
        }
        return lists;
    }

    private static void addPercentiles(List<List<@Nullable Long>> into, long[] values, int m) {
        long[] picked = new long[PERCENTILES.length];
        if (m > 0) {
            NearestRank.select(values, m, PERCENTILES, picked);
        }
        for (int p = 0; p < PERCENTILES.length; p++) {
            into.get(p).add(m == 0 ? null : picked[p]);
        }
    }

    private static Percentiles percentiles(List<List<@Nullable Long>> lists) {
        return new Percentiles(lists.get(0), lists.get(1), lists.get(2));
    }

    /** One node's columns, or the host's ({@code node} −1: the sum over the nodes). */
    private static Memory memory(List<Sample> samples, int node) {
        int n = samples.size();
        long[][] c = new long[Sample.NODE_FIELDS][n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            for (int f = 0; f < Sample.NODE_FIELDS; f++) {
                c[f][i] = node < 0 ? s.host(f) : s.node(node, f);
            }
        }
        return new Memory(node < 0 ? null : node, c[Sample.TOTAL], c[Sample.XEN], c[Sample.DOMAINS], c[Sample.TMEM],
                c[Sample.PRESSURE], c[Sample.RESERVED], c[Sample.FREE]);
    }

    /** How many guest tracks {@link #tracks} would give, without building them. */
    private static int guestTracks(List<Sample> samples) {
        int count = 0;
        Runs runs = new Runs();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            for (int d = 0; d < s.domainCount(); d++) {
                if (runs.starts(s.domid(d), s.name(d), i) && s.domid(d) != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<Track> tracks(List<Sample> samples, int nodeCount, boolean dom0Only) {
        List<TrackBuilder> all = new ArrayList<>();
        Map<Integer, TrackBuilder> open = new HashMap<>();
        Runs runs = new Runs();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            for (int d = 0; d < s.domainCount(); d++) {
                int domid = s.domid(d);
                if (dom0Only && domid != 0) {
                    continue;
                }
                TrackBuilder t;
                if (runs.starts(domid, s.name(d), i)) {
                    t = new TrackBuilder(domid, s.name(d), i, samples.size() - i, nodeCount);
                    open.put(domid, t);
                    all.add(t);
                } else {
                    t = java.util.Objects.requireNonNull(open.get(domid));
                }
                t.append(s, d);
            }
        }
        return all.stream().map(TrackBuilder::build).toList();
    }

    /**
     * The one rule of a track: a run of consecutive samples in which a domid keeps its name (a
     * domain gone for a sample, or a domid reused under another name, starts another track).
     */
    private static final class Runs {
        private final Map<Integer, Integer> lastSample = new HashMap<>();
        private final Map<Integer, String> names = new HashMap<>();

        /** Notes domain {@code domid} as {@code name} in sample {@code i}; true when that starts a run. */
        boolean starts(int domid, String name, int i) {
            Integer last = lastSample.put(domid, i);
            String previous = names.put(domid, name);
            return last == null || last != i - 1 || !name.equals(previous);
        }
    }

    private static final class TrackBuilder {
        final int domid;
        final String name;
        final int from;
        final long[] target;
        final long[] current;
        final long[][] perNode;
        final long[] committed;
        final long[] memFree;
        int length;

        TrackBuilder(int domid, String name, int from, int capacity, int nodes) {
            this.domid = domid;
            this.name = name;
            this.from = from;
            this.target = new long[capacity];
            this.current = new long[capacity];
            this.perNode = new long[nodes][capacity];
            this.committed = new long[capacity];
            this.memFree = new long[capacity];
        }

        void append(Sample s, int d) {
            target[length] = s.targetKiB(d);
            current[length] = s.currentKiB(d);
            for (int node = 0; node < perNode.length; node++) {
                perNode[node][length] = s.ownedKiB(d, node);
            }
            committed[length] = s.committedAsKiB(d);
            memFree[length] = s.memFreeKiB(d);
            length++;
        }

        Track build() {
            long[][] nodes = new long[perNode.length][];
            for (int node = 0; node < perNode.length; node++) {
                nodes[node] = java.util.Arrays.copyOf(perNode[node], length);
            }
            return new Track(domid, name, from, java.util.Arrays.copyOf(target, length),
                    java.util.Arrays.copyOf(current, length), nodes, java.util.Arrays.copyOf(committed, length),
                    java.util.Arrays.copyOf(memFree, length));
        }
    }
}
