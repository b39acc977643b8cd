/**
 * Selfballoon and frontswap self-shrink (docs/memory.md "Selfballoon"). Door:
 * {@link org.xenemu.selfballoon.SelfballoonFacade}; port: {@link org.xenemu.selfballoon.SelfballoonGuest}.
 */
@ApplicationModule(allowedDependencies = {"clock", "events", "xenstore", "error", "units",
        "linux", "caller", "web"})
@NullMarked
package org.xenemu.selfballoon;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
