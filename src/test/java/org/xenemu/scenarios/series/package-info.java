@NullMarked
package org.xenemu.scenarios.series;

import org.jspecify.annotations.NullMarked;
