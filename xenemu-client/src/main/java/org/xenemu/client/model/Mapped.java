package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What an mmap answered.
 *
 * @param id        the new mapping's id
 * @param chargeKiB what overcommit charged for it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mapped(long id, long chargeKiB) {
}
