/**
 * The toolstack (docs/memory.md "Domain lifecycle"): domains, libxl's xenstore keys, the one place a
 * domain's engines are composed ({@link org.xenemu.toolstack.DomainComposer}) and the plain-Java
 * composition of the whole host ({@link org.xenemu.toolstack.EmulatedHost}). Door:
 * {@link org.xenemu.toolstack.Toolstack}. The balancer lives below it.
 */
@ApplicationModule(allowedDependencies = {"units", "error", "linux", "caller", "events", "clock", "xenstore",
        "host", "guest", "guest :: kernel", "balloon", "selfballoon", "web"})
@NullMarked
package org.xenemu.toolstack;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
