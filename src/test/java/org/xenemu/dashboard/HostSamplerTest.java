package org.xenemu.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.HostView;
import org.xenemu.toolstack.MeminfoSummary;

class HostSamplerTest {
    private static final Caller DOM0 = Caller.DOM0;
    private EmulatedHost host;
    private HostSampler sampler;

    @BeforeEach
    void host() {
        host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withHost(4L << 20, 2, 64L << 10, org.xenemu.host.AllocationPolicy.NEAREST).withDom0KiB(512L << 10));
        sampler = HostSampler.of(host, new SamplerSettings(1, 5));
    }

    private void advance(int seconds) {
        host.clock().advanceSeconds(DOM0, BigDecimal.valueOf(seconds));
    }

    @Test
    void takesASampleAtStartAndOneEveryPeriodOfVirtualTime() {
        sampler.start();
        assertThat(sampler.samples(DOM0, -1).jiffies()).containsExactly(0);
        advance(3);
        assertThat(sampler.samples(DOM0, -1).jiffies()).containsExactly(0, 250, 500, 750);
        host.clock().advanceJiffies(DOM0, 100);
        assertThat(sampler.samples(DOM0, -1).latestJiffies()).isEqualTo(750L);
        assertThat(sampler.samplesTaken()).isEqualTo(4);
    }

    @Test
    void aLongAdvanceTakesOnlyTheSamplesTheRingKeepsAtItsEndAndTheyAreTheSame() {
        EmulatedHost stepped = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withHost(4L << 20, 2, 64L << 10, org.xenemu.host.AllocationPolicy.NEAREST).withDom0KiB(512L << 10));
        HostSampler steppedSampler = HostSampler.of(stepped, new SamplerSettings(1, 5));
        for (EmulatedHost h : List.of(host, stepped)) {
            h.toolstack().create(DOM0, DomainSpec.pv("web1", 256L << 10).withStaticMaxKiB(512L << 10));
            h.toolstack().setTarget(DOM0, 1, 400L << 10);
        }
        sampler.start();
        steppedSampler.start();
        advance(600); // one advance of 10 virtual minutes
        for (int i = 0; i < 600; i++) {
            stepped.clock().advanceSeconds(DOM0, BigDecimal.ONE); // the same time a second at a time
        }
        assertThat(sampler.samples(DOM0, -1)).usingRecursiveComparison()
                .isEqualTo(steppedSampler.samples(DOM0, -1));
        assertThat(sampler.samples(DOM0, -1).jiffies()).containsExactly(149_000, 149_250, 149_500, 149_750, 150_000);
        assertThat(sampler.samplesTaken()).as("the start's, the one already due when the advance began, the five kept")
                .isEqualTo(7);
        assertThat(steppedSampler.samplesTaken()).isEqualTo(601);
    }

    @Test
    void keepsOnlyTheLastHistorySamplesAndAnswersWhatCameAfterSince() {
        sampler.start();
        advance(10);
        SampleWindow all = sampler.samples(DOM0, -1);
        assertThat(all.jiffies()).containsExactly(1500, 1750, 2000, 2250, 2500);
        assertThat(all.oldestJiffies()).isEqualTo(1500L);
        assertThat(all.history()).isEqualTo(5);
        assertThat(sampler.samples(DOM0, 2000).jiffies()).containsExactly(2250, 2500);
        SampleWindow none = sampler.samples(DOM0, 2500);
        assertThat(none.jiffies()).isEmpty();
        assertThat(none.latestJiffies()).isEqualTo(2500L);
        assertThat(none.domains()).isEmpty();
        assertThat(none.host().freeKiB()).isEmpty();
    }

    @Test
    void everySampleAddsUpPerNodeAndInTotalAndMatchesTheViews() {
        sampler.start();
        host.toolstack().create(DOM0, DomainSpec.pv("web1", 256L << 10).withStaticMaxKiB(512L << 10));
        host.toolstack().create(DOM0, DomainSpec.pv("db1", 384L << 10).withHomeNode(1));
        host.toolstack().setTarget(DOM0, 1, 400L << 10);
        host.toolstack().setPressure(DOM0, 100L << 10, OptionalInt.empty());
        advance(5);
        SampleWindow w = sampler.samples(DOM0, -1);
        int last = w.jiffies().length - 1;
        for (SampleWindow.Memory m : concat(w.host(), w.nodes())) {
            for (int i = 0; i <= last; i++) {
                assertThat(m.xenKiB()[i] + m.domainsKiB()[i] + m.tmemKiB()[i] + m.pressureKiB()[i]
                        + m.reservedKiB()[i] + m.freeKiB()[i]).as("conservation at sample %d of %s", i, m.node())
                        .isEqualTo(m.totalKiB()[i]);
            }
        }
        HostView hv = host.toolstack().host(DOM0);
        assertThat(w.host().freeKiB()[last]).isEqualTo(hv.freeKiB());
        assertThat(w.host().xenKiB()[last]).isEqualTo(hv.xenKiB());
        assertThat(w.host().pressureKiB()[last]).isEqualTo(hv.pressureKiB());
        assertThat(w.host().tmemKiB()[last]).isEqualTo(hv.tmemKiB());
        assertThat(w.host().totalKiB()[last]).isEqualTo(hv.totalKiB());
        assertThat(w.nodes()).hasSize(2);
        assertThat(w.nodes().get(1).freeKiB()[last]).isEqualTo(hv.nodes().get(1).freeKiB());
        assertThat(w.nodes().get(1).pressureKiB()[last]).isEqualTo(hv.nodes().get(1).pressureKiB());

        assertThat(w.domains()).extracting(SampleWindow.Track::name).containsExactly("Domain-0", "web1", "db1");
        for (SampleWindow.Track t : w.domains()) {
            DomainView v = host.toolstack().view(DOM0, t.domid());
            int i = t.targetKiB().length - 1;
            assertThat(t.from() + i).isEqualTo(last);
            assertThat(t.targetKiB()[i]).isEqualTo(v.targetKiB());
            assertThat(t.currentKiB()[i]).isEqualTo(v.currentKiB());
            assertThat(t.currentKiBPerNode()[0][i] + t.currentKiBPerNode()[1][i]).isEqualTo(v.currentKiB());
            assertThat(t.currentKiBPerNode()[1][i]).isEqualTo(v.pagesPerNode().get("1") * 4);
            assertThat(t.committedAsKiB()[i]).isEqualTo(committedAs(v));
            assertThat(t.memFreeKiB()[i]).isEqualTo(memFree(v));
        }
        SampleWindow.Track web1 = w.domains().get(1);
        assertThat(web1.targetKiB()[web1.targetKiB().length - 1]).isEqualTo(400L << 10);
        assertThat(web1.currentKiB()[web1.currentKiB().length - 1]).isEqualTo(400L << 10);
    }

    @Test
    void aDomainsTrackCoversTheSamplesItLivedIn() {
        sampler.start();
        advance(1);
        host.toolstack().create(DOM0, DomainSpec.pv("short", 128L << 10));
        advance(2);
        host.toolstack().destroy(DOM0, 1);
        advance(1);
        SampleWindow w = sampler.samples(DOM0, -1);
        assertThat(w.jiffies()).containsExactly(0, 250, 500, 750, 1000);
        SampleWindow.Track t = w.domains().stream().filter(d -> d.domid() == 1).findFirst().orElseThrow();
        assertThat(t.name()).isEqualTo("short");
        assertThat(t.from()).isEqualTo(2);
        assertThat(t.currentKiB()).hasSize(2);
        assertThat(w.domains().get(0).from()).isZero();
        assertThat(w.domains().get(0).currentKiB()).hasSize(5);
    }

    @Test
    void aFleetAskedForGetsTheGuestsPercentilesAndDom0sTrackOnly() {
        sampler.start();
        for (int i = 1; i <= 5; i++) {
            host.toolstack().create(DOM0, DomainSpec.pv("g" + i, i * (64L << 10)));
        }
        advance(1);
        host.toolstack().destroy(DOM0, 5);
        advance(1);
        SampleWindow tracks = sampler.samples(DOM0, -1, 5);
        assertThat(tracks.fleet()).isNull();
        assertThat(tracks.domains()).hasSize(6);
        assertThat(sampler.samples(DOM0, -1)).usingRecursiveComparison().isEqualTo(tracks);

        SampleWindow fleet = sampler.samples(DOM0, -1, 4);
        assertThat(fleet.domains()).extracting(SampleWindow.Track::domid).containsExactly(0);
        assertThat(fleet.domains().get(0)).usingRecursiveComparison().isEqualTo(tracks.domains().get(0));
        SampleWindow.Fleet f = java.util.Objects.requireNonNull(fleet.fleet());
        // the first sample was taken before the guests came; then nearest rank of their sizes
        // (64, 128, 192, 256, 320 MiB), then of the first four
        assertThat(f.guests()).containsExactly(0, 5, 4);
        long mib = 1024;
        assertThat(f.currentKiB().p10()).containsExactly(null, 64 * mib, 64 * mib);
        assertThat(f.currentKiB().p50()).containsExactly(null, 192 * mib, 128 * mib);
        assertThat(f.currentKiB().p90()).containsExactly(null, 320 * mib, 256 * mib);
        assertThat(f.targetKiB().p50()).containsExactly(null, 192 * mib, 128 * mib);
        assertThat(f.committedAsKiB().p50()).hasSize(3).containsOnlyOnce((Long) null);
        assertThat(fleet.host()).usingRecursiveComparison().isEqualTo(tracks.host());

        // a window with no guest at all is no fleet: tracks (dom0's), however low the bound
        for (int domid = 1; domid <= 4; domid++) {
            host.toolstack().destroy(DOM0, domid);
        }
        advance(1);
        SampleWindow after = sampler.samples(DOM0, java.util.Objects.requireNonNull(fleet.latestJiffies()), 0);
        assertThat(after.fleet()).isNull();
        assertThat(after.domains()).extracting(SampleWindow.Track::domid).containsExactly(0);
    }

    @Test
    void onlyDom0ReadsTheSamples() {
        sampler.start();
        assertThatThrownBy(() -> sampler.samples(Caller.guest(1, true), 0))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }

    @Test
    void aPrivateHostHasNoSamplerUntilOneIsMade() {
        int before = host.scheduler().pendingTasks();
        HostSampler.of(host, SamplerSettings.DEFAULTS);
        assertThat(host.scheduler().pendingTasks()).isEqualTo(before);
    }

    @Test
    void timeSetBackDropsTheHistoryThatNoLongerDescribesTheHost() {
        SampleRing ring = new SampleRing(4);
        ring.add(sample(10));
        ring.add(sample(20));
        ring.add(sample(15));
        assertThat(ring.after(0)).extracting(Sample::jiffies).containsExactly(15L);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new SamplerSettings(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SamplerSettings(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Sample sample(long jiffies) {
        return new Sample(jiffies, 1, new long[Sample.NODE_FIELDS], new int[0], new String[0], new long[0], Double.NaN);
    }

    private static List<SampleWindow.Memory> concat(SampleWindow.Memory host, List<SampleWindow.Memory> nodes) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(host), nodes.stream()).toList();
    }

    static long committedAs(DomainView v) {
        if (v.meminfo() instanceof org.xenemu.guest.MeminfoView m) {
            return m.committedAsKiB();
        }
        return ((MeminfoSummary) v.meminfo()).committedAsKiB();
    }

    static long memFree(DomainView v) {
        if (v.meminfo() instanceof org.xenemu.guest.MeminfoView m) {
            return m.memFreeKiB();
        }
        return ((MeminfoSummary) v.meminfo()).memFreeKiB();
    }
}
