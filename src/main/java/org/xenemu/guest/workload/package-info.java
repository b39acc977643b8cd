/** Processes, mappings, overcommit accounting, reclaim, swap and OOM of one guest, on {@code GuestMemory}. */
@NullMarked
package org.xenemu.guest.workload;

import org.jspecify.annotations.NullMarked;
