package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A snapshot of the whole host (docs/snapshots.md): what {@code POST /snapshots} and
 * {@code PUT /snapshots/{name}} answer ({@code name}, {@code jiffies}, {@code bytes}) and an entry
 * of {@code GET /snapshots} (those and the header's figures; a file that cannot be read is listed
 * with {@code error} and no figures).
 *
 * @param name          its name
 * @param bytes         the file's size
 * @param jiffies       the virtual time it holds
 * @param uptimeNanos   the same, in nanoseconds of uptime (listing only)
 * @param domains       how many domains it holds, dom0 included (listing only)
 * @param formatVersion the file format's version (listing only)
 * @param xenemuVersion the version of the xenemu that wrote it (listing only)
 * @param error         why the file cannot be read (listing only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(String name, long bytes, OptionalLong jiffies, OptionalLong uptimeNanos, OptionalInt domains,
                       OptionalInt formatVersion, Optional<String> xenemuVersion, Optional<String> error) {
    public Snapshot {
        jiffies = jiffies == null ? OptionalLong.empty() : jiffies;
        uptimeNanos = uptimeNanos == null ? OptionalLong.empty() : uptimeNanos;
        domains = domains == null ? OptionalInt.empty() : domains;
        formatVersion = formatVersion == null ? OptionalInt.empty() : formatVersion;
        xenemuVersion = xenemuVersion == null ? Optional.empty() : xenemuVersion;
        error = error == null ? Optional.empty() : error;
    }
}
