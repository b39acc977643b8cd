/** The native xenstored Unix-socket protocol (docs/xenstore.md "Wire protocol"). */
@NamedInterface("wire")
@NullMarked
package org.xenemu.xenstore.wire;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
