package org.xenemu.client.model;

/**
 * The guest kernel's options at create ({@code "kernel"} of docs/api.md "Create request"); null
 * members take the server's defaults. Start from {@link #defaults()} and use the withers.
 *
 * @param swapKiB          swap device size (0)
 * @param tmem             tmem / frontswap for the guest (false)
 * @param nommu            the no-MMU profile (false)
 * @param overcommitMemory {@code vm.overcommit_memory}, 0–2 (0)
 * @param overcommitRatio  {@code vm.overcommit_ratio} (50)
 * @param slabKiB          slab at boot (automatic)
 */
public record KernelOptions(Long swapKiB, Boolean tmem, Boolean nommu, Integer overcommitMemory,
                            Integer overcommitRatio, Long slabKiB) {
    /** Every member left to the server. */
    public static KernelOptions defaults() {
        return new KernelOptions(null, null, null, null, null, null);
    }

    public KernelOptions withSwapKiB(long kib) {
        return new KernelOptions(kib, tmem, nommu, overcommitMemory, overcommitRatio, slabKiB);
    }

    public KernelOptions withTmem(boolean on) {
        return new KernelOptions(swapKiB, on, nommu, overcommitMemory, overcommitRatio, slabKiB);
    }

    public KernelOptions withNommu(boolean on) {
        return new KernelOptions(swapKiB, tmem, on, overcommitMemory, overcommitRatio, slabKiB);
    }

    public KernelOptions withOvercommitMemory(int mode) {
        return new KernelOptions(swapKiB, tmem, nommu, mode, overcommitRatio, slabKiB);
    }

    public KernelOptions withOvercommitRatio(int ratio) {
        return new KernelOptions(swapKiB, tmem, nommu, overcommitMemory, ratio, slabKiB);
    }

    public KernelOptions withSlabKiB(long kib) {
        return new KernelOptions(swapKiB, tmem, nommu, overcommitMemory, overcommitRatio, kib);
    }
}
