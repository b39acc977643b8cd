package org.xenemu.guest.workload;

/**
 * The memory behind one or more mappings: a private mapping owns its segment; a shared
 * anonymous/shmem mapping shares it with the copies fork made, so its pages and its charge (the
 * shm object's, charged once) are counted once. Pages are either resident (anon/shmem: in
 * {@code anon}; file: in page cache), swapped to frontswap (host tmem) or to the swap device.
 */
final class Segment {
    final MappingKind kind;
    final boolean shared;
    /** The largest size any mapping of this segment may fault in. */
    long sizePages;
    /** Shared segments only: the shm object's charge, refunded when the last mapping goes. */
    long chargePages;
    long residentPages;
    long frontswapPages;
    long deviceSwapPages;
    int refs = 1;
    /** LRU stamp: the touch sequence number of the last touch; reclaim takes oldest first. */
    long lastTouch;
    /** Scratch for the reclaimer's walks (which walk met it last); not part of the state. */
    long visitMark;

    Segment(MappingKind kind, boolean shared, long sizePages, long chargePages) {
        this.kind = kind;
        this.shared = shared;
        this.sizePages = sizePages;
        this.chargePages = chargePages;
    }

    long swappedPages() {
        return frontswapPages + deviceSwapPages;
    }
}
