package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A saved snapshot of the whole host (docs/scenarios.md "Snapshots", docs/snapshots.md).
 *
 * @param name    its name
 * @param jiffies the virtual time it was taken at
 * @param bytes   the file's size
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(String name, long jiffies, long bytes) {
}
