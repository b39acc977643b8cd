/** xenemu: an emulated Xen host in one process. See docs/architecture.md for the modules and their doors. */
@NullMarked
package org.xenemu;

import org.jspecify.annotations.NullMarked;
