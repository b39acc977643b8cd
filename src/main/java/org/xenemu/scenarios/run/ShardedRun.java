package org.xenemu.scenarios.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.ProgressListener;
import org.xenemu.scenarios.ScenarioCancelledException;
import org.xenemu.scenarios.document.Action;
import org.xenemu.scenarios.document.BalancerPlan;
import org.xenemu.scenarios.document.Scenario;
import org.xenemu.scenarios.document.Variant;
import org.xenemu.scenarios.series.DomainSample;
import org.xenemu.scenarios.series.HostColumn;
import org.xenemu.scenarios.series.HostSample;
import org.xenemu.scenarios.series.SeriesRecorder;
import org.xenemu.scenarios.series.VariantSeries;
import org.xenemu.toolstack.FleetFigures;

/**
 * One variant run as several parts at once, one thread and one private host each, the domains
 * dealt out in creation order (the {@code i}-th domain created goes to part {@code i mod parts}),
 * and merged at every sample into the series the single host gives — byte for byte.
 *
 * <p>The parts do not wait for each other: each records its own domains' tracks and, per sample, its
 * host's figures and free-memory low-water mark; at the end the proof below is checked for every
 * sample and the host's rows are put together from the parts'.
 *
 * <p>Why that is the same series: on a host without a balancer, domains meet only in the host's
 * free pages (every other piece of state — guest kernel, balloon driver, selfballoon, xenstore
 * nodes, workload streams — is one domain's, and the workload's random streams are drawn from the
 * domain's name). A domain's figures depend on the others only if one of its grants (balloon pages,
 * tmem puts) comes up short, or if which pages it gets matters. Which NUMA node its pages come from
 * is in no figure of the series; a short grant is ruled out by the host's free-page low-water mark:
 * each part reports the fewest pages it had free between two samples, and if the parts' usages at
 * those worst moments, added up, fit in one host, then the whole fleet's usage fitted at every moment
 * and no grant could have been short on the single host. When they do not fit (or a part fails, or
 * dom0 changes), the variant is run again on one host, so the result is always the single host's;
 * a failure's message is the single host's too.
 *
 * <p>Which variants may be split ({@link #splittable}): no balancer at any time, no reservation,
 * no host pressure (each would act on the whole host), and enough domains to be worth a thread.
 */
final class ShardedRun {
    /** Fewer domains than this and a variant runs on one host: a split's threads would cost more than they give. */
    static final int MIN_DOMAINS = 64;

    private final Variant variant;
    private final int parts;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final Part[] part;
    /** Set when a part stopped before its end (failed): the others stop at their next sample. */
    private volatile boolean abandoned;

    ShardedRun(Variant variant, int parts, ProgressListener progress, Cancellation cancellation) {
        this.variant = variant;
        this.parts = parts;
        this.progress = progress;
        this.cancellation = cancellation;
        this.part = new Part[parts];
        for (int i = 0; i < parts; i++) {
            part[i] = new Part(i);
        }
    }

    /** Whether a variant's domains can be run on several hosts with the same series as on one. */
    static boolean splittable(Scenario s, int threads, int minDomains) {
        if (threads < 2 || s.domainCountUpperBound() < Math.max(minDomains, threads)) {
            return false;
        }
        if (s.host().balancer().policy() != BalancerPlan.Policy.NONE) {
            return false;
        }
        for (Action a : s.actions()) {
            if (a instanceof Action.SetBalancer || a instanceof Action.Reserve || a instanceof Action.Pressure) {
                return false;
            }
        }
        return true;
    }

    /** A listener that only ever hears later times (a run repeated on one host starts again from 0). */
    static ProgressListener monotonic(ProgressListener to) {
        AtomicLong highest = new AtomicLong(Long.MIN_VALUE);
        return t -> {
            if (highest.getAndAccumulate(t, Math::max) < t) {
                to.advanced(t);
            }
        };
    }

    /**
     * Runs the parts (this thread takes part 0) and returns the merged series; empty when the
     * variant must be run on one host instead. A cancel is thrown as {@link ScenarioCancelledException}.
     */
    Optional<VariantSeries> go() {
        List<Thread> threads = new ArrayList<>();
        Throwable[] failures = new Throwable[parts];
        for (int i = 1; i < parts; i++) {
            int index = i;
            Thread t = new Thread(() -> failures[index] = runPart(index),
                    Thread.currentThread().getName() + "-part-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        failures[0] = runPart(0);
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts see the cancel at their next step
                    cancellation.cancel();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable f : failures) {
            if (f instanceof Error e) {
                throw e;
            }
        }
        if (interrupted || cancellation.isCancelled()) {
            throw new ScenarioCancelledException();
        }
        for (Throwable f : failures) {
            if (f != null) {
                return Optional.empty(); // the single host says what failed, in its own words
            }
        }
        return merge();
    }

    /** Runs one part to the end; what stopped it early, or null. */
    private @Nullable Throwable runPart(int index) {
        try {
            new PrivateHostRunner.Run(variant, ProgressListener.NONE, cancellation, part[index]).drive();
            return null;
        } catch (RuntimeException | Error e) {
            abandoned = true;
            return e;
        }
    }

    /**
     * Every part ran to the end: checks, sample by sample, that they still match one host, and puts
     * the host's rows together; empty if they do not.
     */
    private Optional<VariantSeries> merge() {
        List<VariantSeries> series = new ArrayList<>();
        List<long[][]> columns = new ArrayList<>();
        for (Part p : part) {
            VariantSeries s = p.recorder.finish();
            series.add(s);
            columns.add(s.hostColumns());
        }
        int samples = variant.scenario().sampleCount();
        long base = part[0].baseFreeKiB;
        long dom0 = part[0].baseDom0KiB;
        long extra = (long) (parts - 1) * base;
        long[][] host = columns.get(0); // part 0's figures, the others' added in below
        for (int k = 1; k < parts; k++) {
            if (part[k].baseFreeKiB != base || part[k].baseDom0KiB != dom0) {
                return Optional.empty(); // the parts were not built alike: the sums below would not hold
            }
            for (HostColumn c : List.of(HostColumn.DOMAINS_KIB, HostColumn.TMEM_KIB, HostColumn.FREE_KIB,
                    HostColumn.BALANCER_FAILURES)) {
                long[] from = columns.get(k)[c.ordinal()];
                long[] to = host[c.ordinal()];
                for (int i = 0; i < samples; i++) {
                    to[i] += from[i];
                }
            }
        }
        long[] free = host[HostColumn.FREE_KIB.ordinal()];
        for (int i = 0; i < samples; i++) {
            long lowWater = 0;
            for (Part p : part) {
                lowWater += p.freeLowWaterKiB[i];
                if (columns.get(p.index)[HostColumn.DOM0_KIB.ordinal()][i] != dom0) {
                    return Optional.empty(); // dom0 moved: it would be counted once per part
                }
            }
            // each part's free memory is the base less what its domains hold; one host's, the base
            // less what all of them hold — at its worst moment since the last sample, at least this
            if (lowWater - extra < 0) {
                return Optional.empty();
            }
            free[i] -= extra;
        }
        BitSet gamma = new BitSet();
        for (int i = 0; i < samples; i++) {
            if (series.get(0).hasGamma(i)) {
                gamma.set(i);
            }
        }
        return Optional.of(VariantSeries.merge(variant, series, host, gamma));
    }

    /** One part's own figures at a sample. */
    record PartSample(HostSample host, long freeLowWaterKiB, List<DomainSample> domains) {
    }

    /** Thrown in a part that stops because another one failed. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** What a {@link PrivateHostRunner.Run} asks of the split it is part of; what the part recorded. */
    final class Part {
        private final int index;
        private final SeriesRecorder recorder = new SeriesRecorder(variant);
        private final long[] freeLowWaterKiB = new long[variant.scenario().sampleCount()];
        private int sample;
        private long baseFreeKiB;
        private long baseDom0KiB;

        Part(int index) {
            this.index = index;
        }

        /** Whether the domain created {@code creationIndex}-th (from 0) is this part's. */
        boolean owns(int creationIndex) {
            return creationIndex % parts == index;
        }

        /** The part's host is built, no domain yet: its free memory and dom0 as the merge's base. */
        void started(FleetFigures f) {
            baseFreeKiB = f.freeKiB();
            baseDom0KiB = f.dom0KiB();
        }

        /** Records the part's sample at {@code t}; stops the part if another one failed. */
        void sampled(long t, PartSample s) {
            if (abandoned) {
                throw new Stop();
            }
            recorder.beginSample(t);
            recorder.host(s.host());
            for (DomainSample d : s.domains()) {
                recorder.domain(d);
            }
            recorder.endSample();
            freeLowWaterKiB[sample++] = s.freeLowWaterKiB();
            reached(t);
        }

        private void reached(long t) {
            reachedNanos = t;
            long slowest = Long.MAX_VALUE;
            for (Part p : part) {
                slowest = Math.min(slowest, p.reachedNanos);
            }
            progress.advanced(slowest); // monotonic: an earlier time than already heard is dropped
        }

        private volatile long reachedNanos = Long.MIN_VALUE;
    }
}
