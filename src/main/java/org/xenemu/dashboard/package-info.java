/**
 * Watching the live host (issue 15; docs/api.md "Dashboard and metrics"): the
 * {@link org.xenemu.dashboard.HostSampler}, an engine on the virtual clock that keeps a bounded ring
 * of samples of the host's memory by owner, per NUMA node and in total, and of each domain's target,
 * current and Committed_AS; and {@link org.xenemu.dashboard.HostMetrics}, the Prometheus gauges and
 * counters, fed by the sampler and the event bus rather than by scanning on every scrape. Its web
 * adapter serves the samples to the dashboard page ({@code static/index.html}).
 *
 * <p>Plain Java, built for the service's live host only (a scenario's private host has none unless
 * it builds one). Door: {@link org.xenemu.dashboard.HostSampler}.
 */
@ApplicationModule(allowedDependencies = {"toolstack", "toolstack :: balancer", "host", "balloon", "guest :: kernel", "selfballoon",
        "clock", "events", "caller", "error", "units", "web"})
@NullMarked
package org.xenemu.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
