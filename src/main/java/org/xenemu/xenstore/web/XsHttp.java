package org.xenemu.xenstore.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.web.Decimals;
import org.xenemu.xenstore.store.XsPath;

/** Small HTTP helpers of the xenstore resources: paths from URLs, bounded bodies, value text. */
final class XsHttp {
    static final String TX_HEADER = "Xs-Transaction";
    /** XENSTORE_PAYLOAD_MAX: nothing larger can cross the wire, so REST refuses it too. */
    static final int VALUE_MAX = 4096;

    private XsHttp() {
    }

    /**
     * A transaction id as text (the {@code Xs-Transaction} header, a URL segment): an unsigned
     * 32-bit decimal, as the wire's tx_id field holds. {@code what} names it in the error.
     */
    static long transactionId(String text, String what) {
        return Decimals.unsigned(text, 0xFFFF_FFFFL).orElseThrow(() -> XenException.invalid(
                what + " must be a transaction id in plain decimal, at most 4294967295"));
    }

    /**
     * The absolute xenstore path a URL names below {@code /api/v1/xenstore/<resource>}: the rest of
     * the (percent-decoded) URI with a leading {@code /}; nothing or {@code /} is the root.
     * Validity is checked by the store (EINVAL).
     */
    static String path(HttpServletRequest request, String resource) {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + "/api/v1/xenstore/" + resource;
        if (!uri.startsWith(prefix)) {
            throw XenException.invalid("not a xenstore " + resource + " URL");
        }
        String rest = uri.substring(prefix.length());
        String decoded;
        try {
            decoded = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw XenException.invalid("malformed percent-encoding in the path");
        }
        if (decoded.isEmpty() || decoded.equals("/")) {
            return XsPath.ROOT;
        }
        if (decoded.charAt(0) != '/') {
            throw XenException.invalid("malformed xenstore URL");
        }
        XsPath.verify(decoded, 0);
        return decoded;
    }

    /** Reads a request body of at most {@link #VALUE_MAX} bytes; E2BIG beyond. */
    static byte[] boundedBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > VALUE_MAX) {
            throw XenException.of(Errno.E2BIG, "a xenstore value is at most " + VALUE_MAX + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(VALUE_MAX + 1);
            if (body.length > VALUE_MAX) {
                throw XenException.of(Errno.E2BIG, "a xenstore value is at most " + VALUE_MAX + " bytes");
            }
            return body;
        }
    }

    /** The value as text when it is printable UTF-8 (tabs and newlines allowed), else null. */
    static @Nullable String text(byte[] value) {
        for (byte b : value) {
            int c = b & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }
}
