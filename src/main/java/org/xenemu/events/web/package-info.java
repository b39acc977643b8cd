/** {@code /api/v1/events}: the bus's history and live stream, dom0 only. */
@NullMarked
package org.xenemu.events.web;

import org.jspecify.annotations.NullMarked;
