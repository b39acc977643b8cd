@NullMarked
package org.xenemu.arch;

import org.jspecify.annotations.NullMarked;
