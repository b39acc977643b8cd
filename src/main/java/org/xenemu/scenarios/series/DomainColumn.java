package org.xenemu.scenarios.series;

/**
 * A domain row's figures, in CSV column order. Sizes are KiB; {@code _so_far} figures are
 * cumulative since the domain was created (never decreasing).
 */
public enum DomainColumn {
    /** {@code memory/target} as the toolstack set it (KiB, what {@code GET /domains/{domid}} shows as targetKiB). */
    TARGET_KIB("target_kib"),
    /** What the domain owns now: {@code currentKiB}. */
    CURRENT_KIB("current_kib"),
    /** The guest's {@code Committed_AS}. */
    COMMITTED_AS_KIB("committed_as_kib"),
    /** The guest's {@code MemFree}. */
    MEM_FREE_KIB("mem_free_kib"),
    /** Swap slots written to the swap device (not counting frontswap's). */
    SWAP_USED_KIB("swap_used_kib"),
    /** Pages the guest holds in the host's tmem through frontswap. */
    FRONTSWAP_KIB("frontswap_kib"),
    /** Everything swapped out so far, to the device or to frontswap. */
    SWAP_OUT_KIB("swap_out_kib"),
    /** Everything put into frontswap so far. */
    FRONTSWAP_PUT_KIB("frontswap_put_kib"),
    /** Processes the guest's OOM killer killed so far. */
    OOM_KILLS("oom_kills"),
    /** mmap/brk/fork requests the overcommit policy refused so far. */
    REFUSED_MMAPS("refused_mmaps"),
    /** Failed balancing runs or reservations that blamed this domain so far. */
    BALANCER_FAILURES("balancer_failures"),
    /** What the scenario's workload asks the guest to hold in use now (the curves' sum). */
    WORKLOAD_KIB("workload_kib"),
    /** The domain's static-max (constant over its life). */
    STATIC_MAX_KIB("static_max_kib");

    private final String csvName;

    DomainColumn(String csvName) {
        this.csvName = csvName;
    }

    public String csvName() {
        return csvName;
    }
}
