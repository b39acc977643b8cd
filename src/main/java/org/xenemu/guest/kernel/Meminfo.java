package org.xenemu.guest.kernel;

/**
 * The numbers {@code /proc/meminfo} shows for one guest, in pages (docs/memory.md "Guest kernel
 * state"). {@code mmapCopyPages} is shown only by a no-MMU kernel ({@code nommu}).
 *
 * @param cachedPages page cache including shmem, as Linux's Cached line
 * @param anonPages   AnonPages: resident anonymous pages, shmem excluded
 * @param mappedPages Mapped: page cache pages mapped by processes (file and shmem)
 */
public record Meminfo(long totalPages, long freePages, long availablePages, long cachedPages, long swapTotalPages,
                      long swapFreePages, long activeAnonPages, long activeFilePages, long anonPages, long mappedPages,
                      long shmemPages, long slabPages, long commitLimitPages, long committedPages, long frontswapPages,
                      long maxPfn, boolean nommu, long mmapCopyPages) {
}
