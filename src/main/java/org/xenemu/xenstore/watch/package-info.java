/** Watches and their pending events. */
@NullMarked
package org.xenemu.xenstore.watch;

import org.jspecify.annotations.NullMarked;
