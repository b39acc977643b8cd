/**
 * The virtual clock and its scheduler (the engine lock; tasks in (due jiffy, submission) order).
 * Door: {@link org.xenemu.clock.ClockControl}.
 */
@ApplicationModule(allowedDependencies = {"events", "error", "caller", "web"})
@NullMarked
package org.xenemu.clock;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
