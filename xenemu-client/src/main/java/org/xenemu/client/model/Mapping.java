package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One mapping of a guest process, sizes in KiB.
 *
 * @param id          its id
 * @param kind        {@code anonymous}, {@code file} or {@code shmem}
 * @param shared      MAP_SHARED
 * @param writable    PROT_WRITE
 * @param noreserve   MAP_NORESERVE
 * @param heap        the brk heap
 * @param kib         its size
 * @param chargeKiB   its overcommit charge
 * @param residentKiB resident
 * @param swappedKiB  swapped out
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mapping(long id, String kind, boolean shared, boolean writable, boolean noreserve, boolean heap, long kib,
                      long chargeKiB, long residentKiB, long swappedKiB) {
}
