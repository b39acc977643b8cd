package org.xenemu.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.HostState;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot file (docs/snapshots.md "Format"), version {@value #VERSION}:
 * <pre>
 * xenemu-snapshot 1\n                     line 1: magic and format version (ASCII)
 * {"format":"xenemu-snapshot",...}\n      line 2: the header, one line of JSON (at most 4 KiB)
 * &lt;bodyBytes bytes&gt;                        the body: gzip of the JSON of the host state
 * </pre>
 * The header names the body's length and SHA-256, so a truncated or damaged file is told apart
 * from one of another version before the body is read. Reading is strict: unknown, missing or
 * null members, trailing data, a body past {@link #MAX_JSON_BYTES} when inflated are refused with
 * EINVAL naming what is wrong (and where: {@code $.domains[3].balloon.targetPages}).
 */
public final class SnapshotFormat {
    public static final int VERSION = 1;
    public static final String MAGIC = "xenemu-snapshot";
    /** The header line's bound: it names a few numbers and the settings. */
    static final int MAX_HEADER_BYTES = 4096;
    /** The inflated body's bound (a 1,000-domain host is a few MB): a zip bomb stops here. */
    public static final long MAX_JSON_BYTES = 512L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private SnapshotFormat() {
    }

    /** A file read back: its header and the host state it holds. */
    public record Snapshot(SnapshotHeader header, HostState state) {
    }

    /** The file for {@code state}. */
    public static byte[] write(HostState state) {
        return file(JSON.writeValueAsBytes(state), state.jiffies(), state.uptimeNanos(), state.settings().hz(),
                state.domains().size());
    }

    /** The file around a body's JSON (the tests craft damaged bodies with it). */
    static byte[] file(byte[] json, long jiffies, long uptimeNanos, int hz, int domains) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(json.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = zipped.toByteArray();
        SnapshotHeader header = new SnapshotHeader(MAGIC, VERSION, SnapshotHeader.runningVersion(), jiffies,
                uptimeNanos, hz, domains, body.length, json.length, sha256(body), "gzip");
        byte[] headerLine = JSON.writeValueAsBytes(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + headerLine.length + 32);
        out.writeBytes((MAGIC + " " + VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(headerLine);
        out.write('\n');
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The body's JSON of a file that reads (tests). */
    static byte[] json(HostState state) {
        return JSON.writeValueAsBytes(state);
    }

    /** The header alone (listing files): checks the magic, the version and the header line only. */
    public static SnapshotHeader readHeader(byte[] file) {
        return header(file).header();
    }

    /** The whole file, checked; EINVAL saying what is wrong. */
    public static Snapshot read(byte[] file) {
        Located h = header(file);
        SnapshotHeader header = h.header();
        long available = file.length - (long) h.bodyStart();
        if (available < header.bodyBytes()) {
            throw XenException.invalid("truncated at byte " + file.length + ": the body has " + available + " of the "
                    + header.bodyBytes() + " bytes the header announces");
        }
        if (available > header.bodyBytes()) {
            throw XenException.invalid("damaged: " + (available - header.bodyBytes())
                    + " bytes follow the end of the body");
        }
        MessageDigest digest = sha();
        digest.update(file, h.bodyStart(), (int) header.bodyBytes());
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(header.bodySha256())) {
            throw XenException.invalid("checksum mismatch: the body's SHA-256 is " + actual + ", the header says "
                    + header.bodySha256() + " (the file is damaged)");
        }
        HostState state;
        try (InputStream in = new BoundedInputStream(new GZIPInputStream(
                new ByteArrayInputStream(file, h.bodyStart(), (int) header.bodyBytes()), 1 << 16),
                Math.min(MAX_JSON_BYTES, header.jsonBytes()))) {
            state = JSON.readValue(in, HostState.class);
        } catch (DatabindException e) {
            throw XenException.invalid("the body does not fit format version " + VERSION + " at " + path(e) + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw XenException.invalid("the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException | UncheckedIOException e) {
            throw XenException.invalid("the body cannot be inflated: " + e.getMessage());
        } catch (RuntimeException e) {
            // a record's own check (List.copyOf of a null element, a negative count) while building it
            throw XenException.invalid("the body does not fit format version " + VERSION + ": " + e);
        }
        if (state.domains().size() != header.domains() || state.settings().hz() != header.hz()
                || state.uptimeNanos() != header.createdAtUptimeNanos()) {
            throw XenException.invalid("damaged: the header and the body disagree (domains, hz or time)");
        }
        return new Snapshot(header, state);
    }

    private record Located(SnapshotHeader header, int bodyStart) {
    }

    private static Located header(byte[] file) {
        byte[] magic = (MAGIC + " ").getBytes(StandardCharsets.US_ASCII);
        if (file.length < magic.length || !startsWith(file, magic)) {
            if (file.length < magic.length && startsWith(magic, file)) {
                throw XenException.invalid("truncated at byte " + file.length + ": the file ends inside its first line");
            }
            throw XenException.invalid("not a xenemu snapshot: the file does not start with '" + MAGIC + " <version>'");
        }
        int eol = indexOf(file, (byte) '\n', magic.length, magic.length + 12);
        if (eol < 0) {
            if (file.length < magic.length + 12) {
                throw XenException.invalid("truncated at byte " + file.length + ": the file ends inside its first line");
            }
            throw XenException.invalid("damaged: the first line is not '" + MAGIC + " <version>'");
        }
        String digits = new String(file, magic.length, eol - magic.length, StandardCharsets.US_ASCII);
        int version;
        try {
            version = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw XenException.invalid("damaged: the first line is not '" + MAGIC + " <version>' ('" + digits + "')");
        }
        if (version != VERSION) {
            throw XenException.invalid("snapshot format version " + version + ", this xenemu reads " + VERSION);
        }
        int headerStart = eol + 1;
        int headerEnd = indexOf(file, (byte) '\n', headerStart, headerStart + MAX_HEADER_BYTES);
        if (headerEnd < 0) {
            if (file.length < headerStart + MAX_HEADER_BYTES) {
                throw XenException.invalid("truncated at byte " + file.length + ": the file ends inside its header");
            }
            throw XenException.invalid("damaged: the header line is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        SnapshotHeader header;
        try {
            header = JSON.readValue(new ByteArrayInputStream(file, headerStart, headerEnd - headerStart),
                    SnapshotHeader.class);
        } catch (DatabindException e) {
            throw XenException.invalid("damaged header at " + path(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw XenException.invalid("damaged header: " + firstLine(e.getOriginalMessage()));
        }
        header.verify();
        return new Located(header, headerEnd + 1);
    }

    private static boolean startsWith(byte[] file, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (file[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] file, byte b, int from, int toExclusive) {
        for (int i = from; i < Math.min(file.length, toExclusive); i++) {
            if (file[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String sha256(byte[] body) {
        return HexFormat.of().formatHex(sha().digest(body));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code $.domains[3].balloon} from Jackson's reference chain. */
    private static String path(DatabindException e) {
        StringBuilder sb = new StringBuilder("$");
        for (DatabindException.Reference r : e.getPath()) {
            String name = r.getPropertyName();
            if (name != null) {
                sb.append('.').append(name);
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Stops reading with an IOException past {@code limit} bytes: a body that inflates further is refused. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++count > limit) {
                throw new IOException("it inflates past " + limit + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new IOException("it inflates past " + limit + " bytes (the header says "
                            + limit + " at most)");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
