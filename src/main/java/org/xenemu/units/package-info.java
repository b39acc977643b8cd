/**
 * Values: the one place where pages, KiB and bytes are converted ({@link org.xenemu.units.Pages}).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.xenemu.units;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
