package org.xenemu.xenstore.store;

import org.xenemu.error.XenException;

/**
 * Path rules of xenstore.txt ("Paths"): absolute paths start with {@code /}, components are
 * separated by single slashes, only letters, digits and {@code -/_@} are allowed, no trailing
 * slash except the root, at most 3072 bytes. Relative paths resolve against a home
 * {@code /local/domain/<id>}. The special watch paths {@code @introduceDomain} and
 * {@code @releaseDomain} are accepted only where the caller says so (GET/SET_PERMS); WATCH and
 * UNWATCH take any {@code @} name without asking this class (see EngineConnection).
 * The part of a path below {@code /local/domain/<id>/} (all of it, for other paths) is further
 * limited by the {@code path-max} quota, for every caller, dom0 included: C xenstored's
 * {@code is_valid_nodename} treats an overlong path as invalid (EINVAL), so does xenemu.
 */
public final class XsPath {
    public static final String ROOT = "/";
    public static final String INTRODUCE_DOMAIN = "@introduceDomain";
    public static final String RELEASE_DOMAIN = "@releaseDomain";
    public static final int ABS_PATH_MAX = 3072;
    private static final String LOCAL_DOMAIN = "/local/domain/";

    private XsPath() {
    }

    public static String home(int domid) {
        return LOCAL_DOMAIN + domid;
    }

    public static boolean isSpecial(String path) {
        return INTRODUCE_DOMAIN.equals(path) || RELEASE_DOMAIN.equals(path);
    }

    /**
     * The absolute form of {@code raw} for a connection whose home is {@code /local/domain/<homeDomid>};
     * EINVAL for anything malformed. {@code pathMax} is the path-max quota (0 = none).
     */
    public static String canonical(String raw, int homeDomid, boolean allowSpecial, int pathMax) {
        if (raw == null || raw.isEmpty()) {
            throw XenException.invalid("empty path");
        }
        if (isSpecial(raw)) {
            if (allowSpecial) {
                return raw;
            }
            throw XenException.invalid(raw + " is a special watch path, not a node");
        }
        String path = raw.charAt(0) == '/' || raw.charAt(0) == '@' ? raw : home(homeDomid) + "/" + raw;
        verify(path, pathMax);
        return path;
    }

    /** Checks an absolute path; EINVAL with the reason otherwise. */
    public static void verify(String path, int pathMax) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw XenException.invalid("path '" + printable(path) + "' is not absolute");
        }
        int n = path.length();
        if (n > ABS_PATH_MAX) {
            throw XenException.invalid("path longer than " + ABS_PATH_MAX + " bytes");
        }
        if (n > 1 && path.charAt(n - 1) == '/') {
            throw XenException.invalid("path '" + printable(path) + "' ends with '/'");
        }
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (!allowed(c)) {
                throw XenException.invalid("path '" + printable(path) + "' has a character xenstore does not allow");
            }
            if (c == '/' && prev == '/') {
                throw XenException.invalid("path '" + printable(path) + "' has an empty component ('//')");
            }
            prev = c;
        }
        if (pathMax > 0 && n - localOffset(path) > pathMax) {
            throw XenException.invalid("path longer than the path-max quota (" + pathMax + ")");
        }
    }

    /** Length of a leading {@code /local/domain/<up to 5 digits>/}, else 0 (C's sscanf). */
    static int localOffset(String path) {
        if (!path.startsWith(LOCAL_DOMAIN)) {
            return 0;
        }
        int i = LOCAL_DOMAIN.length();
        int digits = 0;
        while (i < path.length() && digits < 5 && Character.isDigit(path.charAt(i))) {
            i++;
            digits++;
        }
        return digits > 0 && i < path.length() && path.charAt(i) == '/' ? i + 1 : 0;
    }

    static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '/' || c == '_' || c == '@';
    }

    /** The parent of an absolute path other than the root. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String child(String parent, String name) {
        return ROOT.equals(parent) ? "/" + name : parent + "/" + name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }
}
