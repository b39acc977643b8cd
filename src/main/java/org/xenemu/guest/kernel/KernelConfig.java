package org.xenemu.guest.kernel;

import org.xenemu.error.XenException;

/**
 * What a domain's kernel is booted with ({@code kernel} of {@code POST /domains}, docs/api.md "Host and
 * domains"); 
 * docs/memory.md "Guest kernel state". {@code slabKiB} and {@code totalreservePages} of -1 mean "compute at boot".
 */
public record KernelConfig(long swapKiB, boolean tmem, boolean nommu, int overcommitMemory,
                           int overcommitRatio, long slabKiB, long totalreservePages) {
    public static final long AUTO = -1;
    public static final KernelConfig DEFAULTS = new KernelConfig(0, false, false, 0, 50, AUTO, AUTO);

    public KernelConfig {
        if (swapKiB < 0) {
            throw XenException.invalid("swapKiB must not be negative");
        }
        if (overcommitMemory < 0 || overcommitMemory > 2) {
            throw XenException.invalid("overcommitMemory must be 0, 1 or 2");
        }
        if (overcommitRatio < 0) {
            throw XenException.invalid("overcommitRatio must not be negative");
        }
        if (slabKiB < AUTO || totalreservePages < AUTO) {
            throw XenException.invalid("slabKiB and totalreservePages must not be negative");
        }
    }
}
