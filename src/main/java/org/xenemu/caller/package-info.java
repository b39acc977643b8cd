/**
 * Who a request acts as ({@link org.xenemu.caller.Caller}) and the bearer tokens of token mode. The
 * doors check "dom0 only" ({@code verifyDom0}) and "own domain only" ({@code verifyMayReach}) with it.
 */
@ApplicationModule(allowedDependencies = {"error"})
@NullMarked
package org.xenemu.caller;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
