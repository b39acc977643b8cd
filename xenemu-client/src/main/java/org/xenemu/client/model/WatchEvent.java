package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One xenstore watch event (docs/xenstore.md "Watches"): the path that changed (relative when the
 * watch path was) and the watch's token. The first event of a watch is the initial one, whose path
 * is the watch path itself.
 *
 * @param path  the changed path
 * @param token the watch's token
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WatchEvent(String path, String token) {
}
