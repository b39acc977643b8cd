/**
 * Engine events: the {@link org.xenemu.events.EventBus} (a bounded history with sequence numbers and
 * live subscribers), stamped by a {@link org.xenemu.events.TimeSource} — the virtual clock, which
 * this package does not know. Its web door, {@code events.web}, serves them to dom0.
 */
@ApplicationModule(allowedDependencies = {"error", "caller", "web"})
@NullMarked
package org.xenemu.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
