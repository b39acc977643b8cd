@NullMarked
package org.xenemu.scenarios;

import org.jspecify.annotations.NullMarked;
