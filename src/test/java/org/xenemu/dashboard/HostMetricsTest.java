package org.xenemu.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockMode;
import org.xenemu.events.EventEnvelope;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews;
import org.xenemu.host.AllocationPolicy;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.EmulatedHost;
import org.xenemu.toolstack.HostSettings;
import org.xenemu.toolstack.HostView;

/** The meters against the JSON views, on a plain host with a Micrometer registry (no Spring). */
class HostMetricsTest {
    private static final Caller DOM0 = Caller.DOM0;
    private EmulatedHost host;
    private HostSampler sampler;
    private HostMetrics metrics;
    private MeterRegistry registry;

    @BeforeEach
    void bind() {
        host = EmulatedHost.create(HostSettings.defaults().withClockMode(ClockMode.MANUAL)
                .withHost(4L << 20, 2, 64L << 10, AllocationPolicy.NEAREST).withDom0KiB(512L << 10));
        sampler = HostSampler.of(host, SamplerSettings.DEFAULTS);
        metrics = new HostMetrics(sampler, host.events(), host.selfballoons());
        registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        sampler.start();
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    private void advance(double seconds) {
        host.clock().advanceSeconds(DOM0, BigDecimal.valueOf(seconds));
    }

    private double gauge(String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        assertThat(g).as("gauge %s %s", name, String.join(",", tags)).isNotNull();
        return g.value();
    }

    @Test
    void aDomainHasGaugesFromItsCreationUntilItsDestruction() {
        assertThat(registry.find(HostMetrics.DOMAIN_CURRENT).gauges()).hasSize(1);
        host.toolstack().create(DOM0, DomainSpec.pv("web1", 256L << 10));
        // at once, before any sample: the creation event registered them
        assertThat(gauge(HostMetrics.DOMAIN_CURRENT, "domid", "1", "name", "web1")).isEqualTo(256 << 10);
        advance(2);
        host.toolstack().destroy(DOM0, 1);
        assertThat(Search.in(registry).tag("domid", "1").meters()).isEmpty();
        assertThat(metrics.domainsWithGauges()).containsExactly(0);
    }

    @Test
    void afterAScriptedRunEveryFigureIsTheViewsOne() {
        host.toolstack().create(DOM0, DomainSpec.pv("web1", 256L << 10).withStaticMaxKiB(1L << 20));
        host.toolstack().create(DOM0, DomainSpec.pv("db1", 512L << 10).withHomeNode(1)
                .withKernel(new KernelConfig(0, false, false, 1, 50, KernelConfig.AUTO, KernelConfig.AUTO)));
        host.toolstack().setTarget(DOM0, 1, 700L << 10);
        host.toolstack().setTarget(DOM0, 2, 300L << 10);
        host.toolstack().setPressure(DOM0, 200L << 10, OptionalInt.of(0));
        int pid = host.guests().createProcess(DOM0, 2, "hog");
        host.guests().mmap(DOM0, 2, pid, new WorkloadViews.MmapRequest(MappingKind.ANONYMOUS, false, true, 100L << 10,
                false, false));
        advance(20);
        // settled; one more period so that the latest sample is taken after every step
        advance(1);
        HostView hv = host.toolstack().host(DOM0);
        assertThat(gauge("xenemu.host.total.kib")).isEqualTo(hv.totalKiB());
        assertThat(gauge("xenemu.host.free.kib")).isEqualTo(hv.freeKiB());
        assertThat(gauge("xenemu.host.xen.kib")).isEqualTo(hv.xenKiB());
        assertThat(gauge("xenemu.host.tmem.kib")).isEqualTo(hv.tmemKiB());
        assertThat(gauge("xenemu.host.pressure.kib")).isEqualTo(hv.pressureKiB());
        assertThat(gauge("xenemu.host.domains")).isEqualTo(3);
        assertThat(gauge("xenemu.host.node.free.kib", "node", "1")).isEqualTo(hv.nodes().get(1).freeKiB());
        for (DomainView v : host.toolstack().list(DOM0)) {
            String[] tags = {"domid", Integer.toString(v.domid()), "name", v.name()};
            assertThat(gauge(HostMetrics.DOMAIN_CURRENT, tags)).isEqualTo(v.currentKiB());
            assertThat(gauge(HostMetrics.DOMAIN_TARGET, tags)).isEqualTo(v.targetKiB());
            assertThat(gauge(HostMetrics.DOMAIN_COMMITTED_AS, tags)).isEqualTo(HostSamplerTest.committedAs(v));
            assertThat(gauge(HostMetrics.DOMAIN_MEM_FREE, tags)).isEqualTo(HostSamplerTest.memFree(v));
        }
        assertThat(gauge(HostMetrics.DOMAIN_CURRENT, "domid", "1", "name", "web1")).isEqualTo(700 << 10);
        assertThat(gauge(HostMetrics.DOMAIN_COMMITTED_AS, "domid", "2", "name", "db1")).isGreaterThanOrEqualTo(100 << 10);
    }

    @Test
    void countersCountWhatTheEnginesDid() {
        long stepsBefore = countEvents("BalloonStepped");
        host.toolstack().create(DOM0, DomainSpec.pv("web1", 256L << 10).withStaticMaxKiB(1L << 20));
        host.toolstack().create(DOM0, DomainSpec.pv("tmem1", 256L << 10)
                .withKernel(new KernelConfig(0, true, false, 0, 50, KernelConfig.AUTO, KernelConfig.AUTO)));
        host.toolstack().setTarget(DOM0, 1, 900L << 10);
        advance(10);
        assertThat(host.selfballoons().totalRuns()).isPositive();
        double steps = registry.get("xenemu.balloon.steps").counter().count();
        assertThat(steps).isPositive().isEqualTo(countEvents("BalloonStepped") - stepsBefore);
        assertThat(registry.get("xenemu.oom.kills").counter().count()).isZero();
        assertThat(registry.get("xenemu.selfballoon.runs").functionCounter().count())
                .isEqualTo(host.selfballoons().totalRuns());
    }

    private long countEvents(String type) {
        return host.events().page(0, host.events().historySize()).events().stream()
                .map(EventEnvelope::type).filter(type::equals).count();
    }
}
