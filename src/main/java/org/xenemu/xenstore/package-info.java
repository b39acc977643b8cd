/**
 * The xenstore of the host, faithful to C xenstored 4.17 (docs/xenstore.md): the engine, its
 * connections, store/perms/watch/txn below it, the REST door ({@code web}) and the native socket
 * ({@code wire}). The model module: every operation takes the caller; transaction 0 goes the same way.
 */
@ApplicationModule(allowedDependencies = {"error", "caller", "web"})
@NullMarked
package org.xenemu.xenstore;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
