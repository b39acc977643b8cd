/**
 * The hypervisor only (docs/memory.md "Host"): the page pool and each domain's account, tmem,
 * pressure and the conservation check; the NUMA topology and the allocation policies. No domains,
 * no web: the toolstack shows and changes it.
 */
@ApplicationModule(allowedDependencies = {"error", "units"})
@NullMarked
package org.xenemu.host;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
