package org.xenemu.client.xs;

/**
 * A WATCH_EVENT (docs/xenstore.md "Watches"): the path that changed, relative when the watch path
 * was, and the watch's token. The first event of a watch is the initial one, whose path is the
 * watch path itself.
 *
 * @param path  the changed path
 * @param token the token given to WATCH
 */
public record XsWatchEvent(String path, String token) {
}
