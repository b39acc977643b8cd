/**
 * The real {@link org.xenemu.scenarios.ScenarioRunner}: each variant on a private
 * {@link org.xenemu.toolstack.EmulatedHost} of its own (manual clock, no wire server, no Spring),
 * driven through the doors as dom0 and as a process inside each guest (docs/scenarios.md "Running
 * it").
 */
@NamedInterface("run")
@NullMarked
package org.xenemu.scenarios.run;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
