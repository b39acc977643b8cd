/** {@code /api/v1/clock} through {@code ClockControl}. */
@NullMarked
package org.xenemu.clock.web;

import org.jspecify.annotations.NullMarked;
