/** {@code /api/v1/host/samples} (dom0 only) and {@code /dashboard}, the page's second address. */
@NullMarked
package org.xenemu.dashboard.web;

import org.jspecify.annotations.NullMarked;
