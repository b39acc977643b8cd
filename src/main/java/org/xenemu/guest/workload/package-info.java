/** Processes, mappings, overcommit accounting, reclaim, swap and OOM of one guest, on {@code GuestMemory}. */
@NamedInterface("workload")
@NullMarked
package org.xenemu.guest.workload;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
