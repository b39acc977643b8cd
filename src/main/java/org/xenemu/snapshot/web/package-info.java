/** {@code /api/v1/snapshots}, through {@code SnapshotFacade}. */
@NullMarked
package org.xenemu.snapshot.web;

import org.jspecify.annotations.NullMarked;
