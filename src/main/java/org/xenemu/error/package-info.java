/**
 * The one error vocabulary: {@link org.xenemu.error.Errno} (name, number, HTTP status) and the one
 * exception carrying it, {@link org.xenemu.error.XenException}.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.xenemu.error;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
