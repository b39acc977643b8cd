/** The node tree, its overlay for transactions, the operations and quotas. */
@NullMarked
package org.xenemu.xenstore.store;

import org.jspecify.annotations.NullMarked;
