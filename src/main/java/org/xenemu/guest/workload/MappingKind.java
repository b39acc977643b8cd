package org.xenemu.guest.workload;

/** What backs a mapping: anonymous memory (or /dev/zero), a regular file, or shmfs/tmpfs. */
public enum MappingKind {
    ANONYMOUS, FILE, SHMEM;

    /** Swap-backed memory: anonymous and shmem pages go to swap; file pages are dropped and re-read. */
    public boolean swapBacked() {
        return this != FILE;
    }
}
