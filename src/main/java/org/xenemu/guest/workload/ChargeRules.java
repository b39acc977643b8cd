package org.xenemu.guest.workload;

/**
 * The overcommit-accounting seed's cost table ("How It Works"), in pages:
 * <pre>
 * file backed      SHARED or READ-only  → 0 (the file is the map, not swap)
 *                  PRIVATE WRITABLE     → size of mapping per instance
 * anonymous,       SHARED               → size of mapping
 * /dev/zero, shmfs PRIVATE READ-only    → 0
 *                  PRIVATE WRITABLE     → size of mapping per instance
 * </pre>
 * plus MAP_NORESERVE: not charged in modes 0 and 1; mode 2 ignores the flag (seed "Gotchas").
 * A mapping that is charged is "accounted" ({@code VM_ACCOUNT} in Linux).
 */
public final class ChargeRules {
    private ChargeRules() {
    }

    /** Is a mapping with these properties accounted at mmap time? */
    public static boolean accounted(MappingKind kind, boolean shared, boolean writable, boolean noreserve, int mode) {
        if (noreserve && mode != Overcommit.NEVER) {
            return false;
        }
        if (shared) {
            // file: the file is the backing store; anonymous/shmem: shmem object charged once
            return kind != MappingKind.FILE;
        }
        return writable;
    }

    public static long chargePages(MappingKind kind, boolean shared, boolean writable, boolean noreserve, int mode,
                                   long sizePages) {
        return accounted(kind, shared, writable, noreserve, mode) ? sizePages : 0;
    }
}
