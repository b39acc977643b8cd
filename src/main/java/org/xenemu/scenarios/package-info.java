/**
 * Scenarios (issue 14; docs/scenarios.md): a document describing a host, a fleet, workloads over
 * time, actions and policies, run deterministically on a private host, giving series, a summary
 * and a report.
 *
 * <p>The door for the HTTP controller and the CLI: {@link org.xenemu.scenarios.document.ScenarioParser}
 * validates a document into a plan; {@link org.xenemu.scenarios.ScenarioExecution} runs its
 * variants (in parallel, cancellable, with progress) through a {@link org.xenemu.scenarios.ScenarioRunner};
 * {@link org.xenemu.scenarios.ScenarioResult} writes {@code series.csv}, {@code summary.json} and
 * {@code report.html} — the same bytes whichever door asked.
 *
 * <p>Sub-packages: {@code document} (the document model and parser), {@code workload} (the
 * curves), {@code series} (series, summary, their CSV and JSON), {@code report} (the HTML report),
 * {@code cli} (the command line). Plain Java throughout: no Spring, so the CLI runs without a
 * context and a runner can build private hosts freely.
 */
@ApplicationModule(allowedDependencies = {"error", "selfballoon", "toolstack", "toolstack :: balancer", "balloon",
        "guest", "guest :: kernel", "guest :: workload", "caller", "clock", "host", "units", "web"})
@NullMarked
package org.xenemu.scenarios;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
