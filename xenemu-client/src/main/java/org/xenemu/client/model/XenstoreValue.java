package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Base64;
import java.util.Optional;

/**
 * A node's value as the JSON view of {@code GET /xenstore/nodes/{path}} gives it.
 *
 * @param path   the absolute path
 * @param value  the value as text, when it is printable UTF-8
 * @param base64 the bytes, always
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record XenstoreValue(String path, Optional<String> value, String base64) {
    public XenstoreValue {
        value = value == null ? Optional.empty() : value;
        base64 = base64 == null ? "" : base64;
    }

    /** The value's bytes. */
    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }
}
