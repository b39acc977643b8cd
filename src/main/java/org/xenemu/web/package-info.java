/**
 * The HTTP layer's shared parts: the one problem+json advice, caller resolution, SSE streams, the
 * Tomcat valve, strict numbers. It imports no module but {@code error} and {@code caller}.
 */
@ApplicationModule(allowedDependencies = {"error", "caller"})
@NullMarked
package org.xenemu.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
