package org.xenemu.linux;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a sysfs attribute's {@code store} function receives from one {@code write(2)} (Linux
 * fs/kernfs/file.c {@code kernfs_fop_write_iter}, fs/sysfs/file.c {@code sysfs_kf_write}):
 * at most one page of the bytes written, copied into a NUL-terminated buffer. A zero-length write
 * returns 0 before {@code store} is called, so it changes nothing and succeeds; callers check
 * {@link #isNoOp} after the file-level refusals (unknown file, read-only mode, not root), which
 * Linux makes at {@code open(2)}, before any write.
 */
public final class SysfsWrite {
    /** kernfs hands a store at most one page of what was written. */
    public static final int PAGE_SIZE = 4096;

    private SysfsWrite() {
    }

    /** The written bytes (an HTTP body; none is a zero-length write) as text, cut to one page. */
    public static String written(byte @Nullable [] body) {
        if (body == null) {
            return "";
        }
        byte[] bytes = body.length > PAGE_SIZE ? Arrays.copyOf(body, PAGE_SIZE) : body;
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** sysfs_kf_write: {@code if (!count) return 0;} — the store is never called. */
    public static boolean isNoOp(String written) {
        return written.isEmpty();
    }

    /** The C string the store's parser sees: it ends at the first NUL byte. */
    public static String cString(String written) {
        int nul = written.indexOf('\0');
        return nul < 0 ? written : written.substring(0, nul);
    }
}
