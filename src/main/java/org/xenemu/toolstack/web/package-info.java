/** {@code /api/v1/domains} and {@code /api/v1/host}, through {@code Toolstack}. */
@NullMarked
package org.xenemu.toolstack.web;

import org.jspecify.annotations.NullMarked;
