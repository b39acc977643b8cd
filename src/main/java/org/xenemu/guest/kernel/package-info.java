/** One domain's guest kernel memory state and its {@code /proc/meminfo} text; no engine of its own. */
@NamedInterface("kernel")
@NullMarked
package org.xenemu.guest.kernel;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
