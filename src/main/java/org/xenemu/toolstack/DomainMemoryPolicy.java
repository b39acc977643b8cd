package org.xenemu.toolstack;

import org.jspecify.annotations.Nullable;

/**
 * One domain's memory-policy figures in {@code GET /domains/{domid}} (docs/toolstack.md "Dynamic
 * range", "Observability"; rrdp-squeezed's per-VM figures): its dynamic range (absent without both
 * keys), {@code memoryInternalFreeKiB} = the guest's {@code data/meminfo_free} (rrdp-squeezed's
 * {@code memory_internal_free}, KiB), whether squeezed gave up on it in its current or latest run
 * ({@code stuck}), and whether it is flagged {@code memory/uncooperative}.
 */
public record DomainMemoryPolicy(@Nullable Long dynamicMinKiB, @Nullable Long dynamicMaxKiB,
                                 @Nullable Long memoryInternalFreeKiB, boolean stuck, boolean uncooperative) {
}
