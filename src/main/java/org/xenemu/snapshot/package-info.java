/**
 * Snapshots (issue 16; docs/snapshots.md): the whole host saved to a file and restored in place.
 * {@link org.xenemu.snapshot.SnapshotFormat} maps the engines' immutable {@code State} records
 * (gathered by {@code toolstack.EmulatedHost.capture()} as a {@code toolstack.HostState}) to the
 * versioned file format and back, strictly; {@link org.xenemu.snapshot.SnapshotStore} keeps named
 * files in the data directory; {@link org.xenemu.snapshot.SnapshotFacade} is the door (dom0 only),
 * used by the HTTP adapter ({@code web}) and by the start/exit hooks of the configuration. Plain
 * Java: the engines know nothing of the format, and this module knows nothing of Spring.
 */
@ApplicationModule(allowedDependencies = {"error", "caller", "units", "clock", "events", "xenstore", "host",
        "guest", "guest :: kernel", "guest :: workload-state", "balloon", "selfballoon", "toolstack", "web"})
@NullMarked
package org.xenemu.snapshot;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
