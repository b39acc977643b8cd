/** The xenstore over REST (docs/api.md "Xenstore"). */
@NullMarked
package org.xenemu.xenstore.web;

import org.jspecify.annotations.NullMarked;
