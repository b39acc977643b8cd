/** Permissions of xenstore nodes. */
@NullMarked
package org.xenemu.xenstore.perms;

import org.jspecify.annotations.NullMarked;
