/** Transactions: first-access semantics and the conflict rules. */
@NullMarked
package org.xenemu.xenstore.txn;

import org.jspecify.annotations.NullMarked;
