@NullMarked
package org.xenemu.container;

import org.jspecify.annotations.NullMarked;
