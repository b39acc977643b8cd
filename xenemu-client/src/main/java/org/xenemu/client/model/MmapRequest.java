package org.xenemu.client.model;

/**
 * The body of an mmap ({@code POST /domains/{domid}/processes/{pid}/mappings}); start from
 * {@link #anonymous}, {@link #file} or {@link #shmem}.
 *
 * @param kind      {@code anonymous}, {@code file} or {@code shmem}
 * @param shared    MAP_SHARED
 * @param writable  PROT_WRITE
 * @param kib       the length, rounded up to pages by the server
 * @param noreserve MAP_NORESERVE
 * @param fixed     MAP_FIXED
 */
public record MmapRequest(String kind, boolean shared, boolean writable, long kib, Boolean noreserve, Boolean fixed) {
    /** Private writable anonymous memory: what malloc gets. */
    public static MmapRequest anonymous(long kib) {
        return new MmapRequest("anonymous", false, true, kib, null, null);
    }

    /** A private read-only file mapping. */
    public static MmapRequest file(long kib) {
        return new MmapRequest("file", false, false, kib, null, null);
    }

    /** Shared writable shmem. */
    public static MmapRequest shmem(long kib) {
        return new MmapRequest("shmem", true, true, kib, null, null);
    }

    public MmapRequest withShared(boolean on) {
        return new MmapRequest(kind, on, writable, kib, noreserve, fixed);
    }

    public MmapRequest withWritable(boolean on) {
        return new MmapRequest(kind, shared, on, kib, noreserve, fixed);
    }

    public MmapRequest withNoreserve() {
        return new MmapRequest(kind, shared, writable, kib, true, fixed);
    }

    public MmapRequest withFixed() {
        return new MmapRequest(kind, shared, writable, kib, noreserve, true);
    }
}
