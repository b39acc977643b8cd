/**
 * The guest kernel's memory engines (docs/memory.md "Guest kernel state" … "Touching memory"): the
 * kernel counters ({@code kernel}), the workload with overcommit and reclaim ({@code workload}) and
 * the meminfo report. Door: {@link org.xenemu.guest.GuestFacade}; port: {@link org.xenemu.guest.TmemPort}.
 */
@ApplicationModule(allowedDependencies = {"clock", "events", "xenstore", "error", "units",
        "linux", "caller", "web"})
@NullMarked
package org.xenemu.guest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
