package org.xenemu.client;

import java.util.Optional;

/**
 * One server-sent event as the HTML Living Standard's event-stream parser dispatches it.
 *
 * @param type        the {@code event:} field, {@code "message"} when absent
 * @param data        the {@code data:} lines joined with {@code \n}
 * @param lastEventId the last {@code id:} seen on the stream up to this event, if any
 */
record SseEvent(String type, String data, Optional<String> lastEventId) {
}
