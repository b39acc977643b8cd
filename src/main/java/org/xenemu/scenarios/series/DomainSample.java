package org.xenemu.scenarios.series;

/**
 * One domain at one sample ({@link DomainColumn} says what each figure is; the components are in
 * its order, which {@link DomainTrack#append} relies on).
 */
public record DomainSample(int domid, String name, long targetKiB, long currentKiB, long committedAsKiB,
                           long memFreeKiB, long swapUsedKiB, long frontswapKiB, long swapOutKiB,
                           long frontswapPutKiB, long oomKills, long refusedMmaps, long balancerFailures,
                           long workloadKiB, long staticMaxKiB) {

    long value(DomainColumn c) {
        return switch (c) {
            case TARGET_KIB -> targetKiB;
            case CURRENT_KIB -> currentKiB;
            case COMMITTED_AS_KIB -> committedAsKiB;
            case MEM_FREE_KIB -> memFreeKiB;
            case SWAP_USED_KIB -> swapUsedKiB;
            case FRONTSWAP_KIB -> frontswapKiB;
            case SWAP_OUT_KIB -> swapOutKiB;
            case FRONTSWAP_PUT_KIB -> frontswapPutKiB;
            case OOM_KILLS -> oomKills;
            case REFUSED_MMAPS -> refusedMmaps;
            case BALANCER_FAILURES -> balancerFailures;
            case WORKLOAD_KIB -> workloadKiB;
            case STATIC_MAX_KIB -> staticMaxKiB;
        };
    }
}
