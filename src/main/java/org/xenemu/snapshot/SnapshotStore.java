package org.xenemu.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/**
 * Named snapshot files in the data directory ({@code xenemu.data-dir}): {@code <name>.snapshot},
 * written whole to a temporary file and moved into place (a crash never leaves half a file under a
 * name), mode 0600 where the file system has POSIX permissions (a snapshot holds the domains'
 * bearer tokens). A name is 1–64 characters of {@code A-Z a-z 0-9 . _ -}, starting with a letter
 * or digit: no path, no traversal.
 */
public final class SnapshotStore {
    /** The largest file accepted, uploaded or read: a 1,000-domain host is about 1 MB. */
    public static final int MAX_FILE_BYTES = 64 << 20;
    static final String SUFFIX = ".snapshot";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;

    public SnapshotStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** EINVAL unless {@code name} is a snapshot name. */
    public static String verifyName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw XenException.invalid("a snapshot name is 1-64 characters of A-Z a-z 0-9 . _ -, starting with a "
                    + "letter or digit, without '..'");
        }
        return name;
    }

    public Path path(String name) {
        return dir.resolve(verifyName(name) + SUFFIX);
    }

    public boolean exists(String name) {
        return Files.isRegularFile(path(name));
    }

    /** Writes the file under {@code name}, replacing one that is there. */
    public void write(String name, byte[] file) {
        Path target = path(name);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            try {
                restrict(tmp);
                Files.write(tmp, file);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw XenException.of(Errno.EIO, "cannot write snapshot " + name + " in " + dir + ": " + e.getMessage());
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the directory's protection is all there is
        }
    }

    /** The file named {@code name}; ENOENT if there is none. */
    public byte[] read(String name) {
        return readFile(path(name), name);
    }

    /** A file by path (xenemu.snapshot.restore may name one outside the data directory). */
    public static byte[] readFile(Path file, String shownAs) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw XenException.invalid("snapshot " + shownAs + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw XenException.notFound("no snapshot " + shownAs);
        } catch (IOException e) {
            // unreadable (permissions, a directory, an I/O error): a clear EIO, never a 500
            throw XenException.of(Errno.EIO, "cannot read snapshot " + shownAs + ": " + e.getMessage());
        }
    }

    public void delete(String name) {
        try {
            if (!Files.deleteIfExists(path(name))) {
                throw XenException.notFound("no snapshot " + name);
            }
        } catch (IOException e) {
            throw XenException.of(Errno.EIO, "cannot delete snapshot " + name + ": " + e.getMessage());
        }
    }

    /** The names of the files in the directory, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                String name = file.substring(0, file.length() - SUFFIX.length());
                if (NAME.matcher(name).matches() && Files.isRegularFile(f)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw XenException.of(Errno.EIO, "cannot list " + dir + ": " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    public long size(String name) {
        try {
            return Files.size(path(name));
        } catch (IOException e) {
            throw XenException.notFound("no snapshot " + name);
        }
    }
}
