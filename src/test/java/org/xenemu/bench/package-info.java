@NullMarked
package org.xenemu.bench;

import org.jspecify.annotations.NullMarked;
