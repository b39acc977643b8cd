/**
 * The Linux Xen balloon driver (docs/memory.md "Balloon driver", "sysfs mirror"). Door:
 * {@link org.xenemu.balloon.BalloonFacade}; ports: {@link org.xenemu.balloon.BalloonGuest} (the
 * guest's kernel) and {@link org.xenemu.balloon.Reservation} (the hypervisor).
 */
@ApplicationModule(allowedDependencies = {"clock", "events", "xenstore", "error", "units",
        "linux", "caller", "web"})
@NullMarked
package org.xenemu.balloon;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
