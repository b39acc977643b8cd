package org.xenemu.scenarios.cli.launch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the batch JVM ({@link BatchJvm}) starts from once it has run before: the jar unpacked, and
 * an archive of the classes a run loads, which the JVM maps instead of reading, verifying and
 * linking each class again (class data sharing; docs/scenarios.md "Running it").
 *
 * <p>Why: a Spring Boot jar's classes are read through its launcher from jars nested in the jar,
 * a class at a time, and the JVM cannot share classes it reads that way. Started from the jar
 * unpacked (the application jar beside {@code lib/}, as Spring Boot's own {@code jarmode=tools
 * extract} lays it out) and with the archive, the batch JVM reaches the run about half a second
 * and a CPU-second sooner on the bench fleet (BENCHMARKS.md "Scenarios", tenth pass).
 *
 * <p>The cache is a directory ({@value #DIRECTORY_VARIABLE}, else {@code $XDG_CACHE_HOME/xenemu},
 * else {@code ~/.cache/xenemu}; {@value #DIRECTORY_VARIABLE}{@code =off} turns it off) with one
 * entry per jar (its real path, size and modification time) and JVM (its home and version):
 * <ul>
 *   <li>no entry: the jar is unpacked into a new one (a JVM running {@code jarmode=tools}, about a
 *       second, once), and the batch JVM starts from it and writes the archive as it exits (JDK
 *       25 and later: the record an ahead-of-time cache is then made from, see {@link Archive});
 *       the archive is kept only if the run succeeded and a JVM maps it whole ({@code
 *       -XX:+VerifySharedSpaces}), and then with its size beside it;</li>
 *   <li>an entry with its archive (of the size written beside it): the batch JVM starts from both,
 *       its messages about the archive silenced: a JVM that cannot use an archive runs without
 *       it.</li>
 * </ul>
 * Every file is made under a temporary name and moved into place, so runs at the same time see a
 * whole entry or none. Anything that goes wrong with the cache (a directory that cannot be
 * written, a full disk, an entry damaged by hand) only means the batch JVM starts from the jar as
 * it would without a cache; a damaged entry is moved aside and removed. When a new entry is
 * made, entries whose jar was rebuilt or is gone are removed, and entries not used for a day
 * beyond the {@value #KEPT} used last — never one a run is using ({@link #holdInUse}); nothing but
 * the names this class makes is ever removed (the directory may be shared).
 */
final class BatchCache {
    /** The environment variable naming the cache's directory, or {@value #OFF}. */
    static final String DIRECTORY_VARIABLE = "XENEMU_CACHE_DIR";
    static final String OFF = "off";
    /** Changes whenever what an entry holds does. */
    private static final String LAYOUT = "xenemu-batch-cache 1";
    static final String APP = "app";
    /** What was unpacked: every file under {@value #APP} with its size. */
    static final String APP_LIST = "app.list";
    /** Beside an archive ({@link Archive#file}): its size in bytes, written once a JVM mapped it whole. */
    static final String SIZE_SUFFIX = ".size";
    /** Names of what is being made; removed when older than {@link #STALE_TEMPORARY}. */
    static final String TEMPORARY = "tmp-";
    static final int KEPT = 4;
    static final Duration KEPT_UNUSED = Duration.ofDays(1);
    static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    /**
     * What an entry keeps of the classes a run loads, by the JVM's feature version: JDK 17 to 24 a
     * dynamic class-data-sharing archive (written as the batch JVM exits); JDK 25 and later an
     * ahead-of-time cache (JEPs 483, 514, 515: the classes loaded and linked, and the profiles of
     * the methods the run used, so the JIT starts from them), recorded by the batch JVM and made
     * from that record afterwards. A JVM that cannot use either says so on standard output, in the
     * run's: {@link #use} silences it and runs without.
     */
    enum Archive {
        CDS("classes.jsa"),
        AOT("app.aot");

        /** The archive's name in the entry. */
        final String file;

        Archive(String file) {
            this.file = file;
        }

        static Archive forFeature(int feature) {
            return feature >= 25 ? AOT : CDS;
        }

        /** Options of a batch JVM that starts from {@code archive}. */
        List<String> use(Path archive) {
            return this == CDS ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off")
                    : List.of("-XX:AOTCache=" + archive, "-Xlog:cds*=off", "-Xlog:aot*=off");
        }

        /**
         * Options of a batch JVM that writes what the archive is made from into {@code written}: the
         * archive itself (CDS, at exit), or the record of the run (AOT; the JVM would say on standard
         * output that it wrote it: its own output is off for this run).
         */
        List<String> record(Path written) {
            return this == CDS
                    ? List.of("-XX:ArchiveClassesAtExit=" + written, "-XX:+VerifySharedSpaces", "-Xlog:cds*=off")
                    : List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + written, "-XX:+UnlockDiagnosticVMOptions",
                            "-XX:-DisplayVMOutput", "-Xlog:cds*=off", "-Xlog:aot*=off");
        }
    }

    /** A launch of the batch JVM: its command, and what to do with its exit status once it ended. */
    record Launch(List<String> command, IntConsumer ended) {
        static Launch plain(List<String> command) {
            return new Launch(command, status -> { });
        }
    }

    /** What an entry was unpacked from: the jar's real path, size and modification time, a line each. */
    static final String JAR_FILE = "jar";

    private BatchCache() {
    }

    /**
     * The cache's directory: {@value #DIRECTORY_VARIABLE} if set ({@value #OFF}: none), else
     * {@code $XDG_CACHE_HOME/xenemu} if that is absolute, else {@code ~/.cache/xenemu}; none
     * without a home.
     */
    static Optional<Path> root(Map<String, String> environment, @Nullable String userHome) {
        try {
            String named = environment.get(DIRECTORY_VARIABLE);
            if (named != null && !named.isBlank()) {
                return named.trim().equals(OFF) ? Optional.empty() : Optional.of(Path.of(named).toAbsolutePath());
            }
            String xdg = environment.get("XDG_CACHE_HOME");
            if (xdg != null && Path.of(xdg).isAbsolute()) {
                return Optional.of(Path.of(xdg, "xenemu"));
            }
            if (userHome == null || userHome.isBlank() || !Path.of(userHome).isAbsolute()) {
                return Optional.empty();
            }
            return Optional.of(Path.of(userHome, ".cache", "xenemu"));
        } catch (RuntimeException e) { // a path the file system refuses
            return Optional.empty();
        }
    }

    /**
     * The launch of {@code batch} ({@link BatchJvm#command}: {@code java OPTIONS… -jar JAR ARGS…})
     * with the cache in {@code root}, for the JVM in {@code javaHome} at {@code vmVersion}:
     * unpacking the jar first if no entry has it. Without a root, or when anything goes wrong,
     * {@code batch} as it is. {@code wall} is the wall clock, for the entries' last use (files age
     * in real time, not in a scenario's).
     */
    static Launch prepare(Optional<Path> root, List<String> batch, String javaHome, String vmVersion, int feature,
                          Clock wall) {
        int jarAt = batch.indexOf("-jar");
        if (root.isEmpty() || jarAt < 1 || jarAt + 1 >= batch.size()) {
            return Launch.plain(batch);
        }
        try {
            Path jar = Path.of(batch.get(jarAt + 1)).toRealPath();
            String identity = jarIdentity(jar);
            Path entry = root.get().resolve(key(identity, javaHome, vmVersion, BatchJvm.OPTIONS));
            String java = batch.get(0);
            Optional<Path> app = app(entry);
            if (app.isEmpty() && Files.exists(entry)) {
                // damaged, or moved into place by another run since the look above: look again
                app = app(entry);
                if (app.isEmpty()) {
                    discard(root.get(), entry);
                }
            }
            if (app.isEmpty()) {
                if (!unpack(java, jar, identity, root.get(), entry)) {
                    return Launch.plain(batch);
                }
                app = app(entry);
                if (app.isEmpty()) {
                    return Launch.plain(batch);
                }
            }
            Optional<FileChannel> inUse = holdInUse(entry);
            if (inUse.isEmpty() || !Files.isRegularFile(app.get())) {
                // being pruned this moment, or pruned between the look above and the lock
                inUse.ifPresent(BatchCache::closeQuietly);
                return Launch.plain(batch);
            }
            markUsed(entry, wall);
            Archive kind = Archive.forFeature(feature);
            Path archive = entry.resolve(kind.file);
            if (hasWholeArchive(entry, kind)) {
                return new Launch(launchCommand(batch, jarAt, app.get(), kind.use(archive)),
                        status -> closeQuietly(inUse.get()));
            }
            Files.deleteIfExists(entry.resolve(kind.file + SIZE_SUFFIX));
            Files.deleteIfExists(archive);
            Path written = entry.resolve(TEMPORARY + ProcessHandle.current().pid() + "-" + kind.file
                    + (kind == Archive.AOT ? "conf" : ""));
            Path appJar = app.get();
            return new Launch(launchCommand(batch, jarAt, appJar, kind.record(written)), status -> {
                closeQuietly(inUse.get());
                keepArchive(java, root.get(), entry, kind, appJar, written, status, wall);
            });
        } catch (IOException | RuntimeException e) {
            return Launch.plain(batch);
        }
    }

    /**
     * Marks the entry in use until the batch JVM started from it has ended (or this process has:
     * the system releases the lock): a shared lock on its {@value #APP_LIST}, which {@link #prune}
     * must lock exclusively to remove the entry. Empty if a prune holds it now. The entry's age
     * alone could not tell a run of a year of virtual time, hours long, from an abandoned entry.
     */
    private static Optional<FileChannel> holdInUse(Path entry) throws IOException {
        FileChannel channel = FileChannel.open(entry.resolve(APP_LIST), StandardOpenOption.READ);
        try {
            if (channel.tryLock(0, Long.MAX_VALUE, true) != null) {
                return Optional.of(channel);
            }
        } catch (IOException | RuntimeException e) {
            // no locks on this file system (or this JVM holds one already): the entry's age guards it
            return Optional.of(channel);
        }
        channel.close();
        return Optional.empty();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process at the latest
        }
    }

    /** In use: not pruned. Best effort: an entry that cannot be marked (a read-only cache) still serves. */
    private static void markUsed(Path entry, Clock wall) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(wall.instant()));
        } catch (IOException e) {
            // pruned sooner, at worst
        }
    }

    /** {@code batch} with {@code options} before {@code -jar} and the unpacked {@code app} after it. */
    private static List<String> launchCommand(List<String> batch, int jarAt, Path app, List<String> options) {
        List<String> command = new ArrayList<>(batch.subList(0, jarAt));
        command.addAll(options);
        command.add("-jar");
        command.add(app.toString());
        command.addAll(batch.subList(jarAt + 2, batch.size()));
        return command;
    }

    /** {@value #JAR_FILE}'s content for {@code jar} (a real path) of that size and modification time. */
    static String identity(Path jar, long size, long modifiedMillis) {
        return jar + "\n" + size + "\n" + modifiedMillis + "\n";
    }

    /** {@value #JAR_FILE}'s content for {@code jar} (a real path) as it is now. */
    static String jarIdentity(Path jar) throws IOException {
        return identity(jar, Files.size(jar), Files.getLastModifiedTime(jar).toMillis());
    }

    /**
     * Whether the jar the entry was unpacked from is gone or changed (rebuilt): the entry can never
     * be used again. False when the entry does not say (then its age decides).
     */
    static boolean outlived(Path entry) {
        String said;
        try {
            said = Files.readString(entry.resolve(JAR_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        int end = said.indexOf('\n');
        if (end < 1) {
            return false;
        }
        try {
            return !said.equals(jarIdentity(Path.of(said.substring(0, end))));
        } catch (IOException | RuntimeException e) {
            return true; // no such jar any more
        }
    }

    /**
     * The entry's name: what the archive depends on — the jar ({@code jarIdentity}: real path, size,
     * modification time), the JVM (home, version) and the batch JVM's options — hashed.
     */
    static String key(String jarIdentity, String javaHome, String vmVersion, List<String> options) {
        String identity = String.join("\n", LAYOUT, jarIdentity, javaHome, vmVersion, String.join(" ", options));
        // FNV-1a, 64 bits: enough to tell a few entries apart, and no security provider to load
        // (a message digest's first use costs the command line's first JVM some 30 ms)
        long hash = 0xcbf29ce484222325L;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * The entry's application jar: the one jar in {@code app/}, beside its {@code lib/}, if every
     * file under {@code app/} is still the one it was unpacked as ({@value #APP_LIST}: names and
     * sizes); else empty (none yet, or damaged).
     */
    static Optional<Path> app(Path entry) throws IOException {
        Path dir = entry.resolve(APP);
        String listed;
        try {
            listed = Files.readString(entry.resolve(APP_LIST), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // each listed file, by its size: a stat each, no walk (the first JVM's time is the user's)
        List<Path> jars = new ArrayList<>(1);
        for (String line : listed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space < 1) {
                return Optional.empty();
            }
            Path file = dir.resolve(line.substring(0, space));
            try {
                if (Files.size(file) != Long.parseLong(line.substring(space + 1))) {
                    return Optional.empty();
                }
            } catch (NoSuchFileException | NumberFormatException e) {
                return Optional.empty();
            }
            if (dir.equals(file.getParent()) && line.substring(0, space).endsWith(".jar")) {
                jars.add(file);
            }
        }
        return jars.size() == 1 ? Optional.of(jars.get(0)) : Optional.empty();
    }

    /** Every regular file under {@code dir}: its path there and its size, a line each, in order. */
    static String listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> lines = new ArrayList<>();
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    lines.add(dir.relativize(p) + " " + Files.size(p));
                }
            }
            lines.sort(Comparator.naturalOrder());
            return String.join("\n", lines) + "\n";
        }
    }

    /** Whether the entry's archive is there with the size written beside it once it was verified. */
    static boolean hasWholeArchive(Path entry, Archive kind) {
        try {
            long size = Long.parseLong(Files.readString(entry.resolve(kind.file + SIZE_SUFFIX),
                    StandardCharsets.US_ASCII).trim());
            return size > 0 && Files.size(entry.resolve(kind.file)) == size;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * Unpacks {@code jar} into a new entry: Spring Boot's {@code jarmode=tools extract} into a
     * temporary directory, moved into place whole. False if that failed (another process making
     * the same entry at the same time is not a failure: its entry is used).
     */
    private static boolean unpack(String java, Path jar, String identity, Path root, Path entry) throws IOException {
        Files.createDirectories(root);
        Path made = Files.createTempDirectory(root, TEMPORARY);
        try {
            boolean done = quietly(List.of(java, "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", jar.toString(),
                    "extract", "--destination", made.resolve(APP).toString()), made);
            if (!done || !Files.isDirectory(made.resolve(APP).resolve("lib"))) {
                return false;
            }
            Files.writeString(made.resolve(APP_LIST), listing(made.resolve(APP)), StandardCharsets.UTF_8);
            if (app(made).isEmpty()) { // not the one application jar beside lib/
                return false;
            }
            Files.writeString(made.resolve(JAR_FILE), identity, StandardCharsets.UTF_8);
            try {
                Files.move(made, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                return Files.isDirectory(entry); // made by another run meanwhile
            }
            return true;
        } finally {
            removeQuietly(made);
        }
    }

    /**
     * Once the batch JVM that wrote {@code written} ended with {@code status}: if the run
     * succeeded, makes the archive from it (AOT: a JVM creating the cache from the record) and
     * keeps it if a JVM maps it whole; removes what was written either way. Then prunes the cache.
     */
    private static void keepArchive(String java, Path root, Path entry, Archive kind, Path app, Path written,
                                    int status, Clock wall) {
        long pid = ProcessHandle.current().pid();
        Path made = kind == Archive.AOT ? entry.resolve(TEMPORARY + pid + "-" + kind.file) : written;
        try {
            if (status == 0 && Files.isRegularFile(written) && Files.size(written) > 0
                    && (kind == Archive.CDS || create(java, app, written, made, entry))
                    && maps(java, kind, app, made, entry)) {
                long size = Files.size(made);
                Files.move(made, entry.resolve(kind.file), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                Path sizeWritten = entry.resolve(TEMPORARY + pid + "-" + kind.file + SIZE_SUFFIX);
                Files.writeString(sizeWritten, Long.toString(size), StandardCharsets.US_ASCII);
                Files.move(sizeWritten, entry.resolve(kind.file + SIZE_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            prune(root, wall.instant());
        } catch (IOException | RuntimeException e) {
            // the cache is only a help: the next run makes the archive again
        } finally {
            for (Path p : List.of(written, made)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // pruned later, as a stale temporary file
                }
            }
        }
    }

    /** AOT: a JVM with the batch JVM's options makes the cache {@code made} from the run's {@code record}. */
    private static boolean create(String java, Path app, Path record, Path made, Path entry) throws IOException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(BatchJvm.OPTIONS);
        command.addAll(List.of("-XX:+VerifySharedSpaces", "-XX:AOTMode=create", "-XX:AOTConfiguration=" + record,
                "-XX:AOTCache=" + made, "-cp", app.toString()));
        return quietly(command, entry);
    }

    /**
     * Whether a JVM with the batch JVM's options maps the archive {@code made} whole, checksums
     * included: a cut-short archive would otherwise bring down the JVM that maps it (JDK 17:
     * SIGBUS), not just go unused. A crash report, if any, goes into the entry and is removed.
     */
    private static boolean maps(String java, Archive kind, Path app, Path made, Path entry) throws IOException {
        Path report = entry.resolve(TEMPORARY + ProcessHandle.current().pid() + "-crash.log");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(BatchJvm.OPTIONS);
        command.add("-XX:+VerifySharedSpaces");
        command.addAll(kind == Archive.CDS ? List.of("-Xshare:on", "-XX:SharedArchiveFile=" + made)
                : List.of("-XX:AOTMode=on", "-XX:AOTCache=" + made));
        command.addAll(List.of("-XX:ErrorFile=" + report, "-cp", app.toString(), "-version"));
        try {
            return quietly(command, entry);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** Runs {@code command} in {@code dir} with its output discarded: whether it exited 0 in time. */
    private static boolean quietly(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Removes entries whose jar is gone or was rebuilt ({@link #outlived}) and entries unused for
     * {@link #KEPT_UNUSED} beyond the {@link #KEPT} used last — none that a run uses now — and
     * temporary files and directories older than {@link #STALE_TEMPORARY} (of runs that were
     * stopped); entries are marked used when a run starts from them.
     */
    static void prune(Path root, Instant now) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                // only what this class makes: the cache's directory may be shared with other files
                String name = p.getFileName().toString();
                if (Names.TEMPORARY.matcher(name).matches()) {
                    if (olderThan(p, now, STALE_TEMPORARY)) {
                        removeQuietly(p);
                    }
                } else if (Names.ENTRY.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(p);
                    pruneTemporaries(p, now);
                }
            }
        }
        entries.sort(Comparator.comparing(BatchCache::lastUsed).reversed());
        for (int i = 0; i < entries.size(); i++) {
            Path p = entries.get(i);
            if (outlived(p) || i >= KEPT && olderThan(p, now, KEPT_UNUSED)) {
                removeUnlessInUse(root, p);
            }
        }
    }

    /**
     * Removes an entry no run uses now: with the exclusive lock on its {@value #APP_LIST} (see
     * {@link #holdInUse}) held while it is moved aside; an entry without that file is removed as is.
     */
    private static void removeUnlessInUse(Path root, Path entry) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(entry.resolve(APP_LIST), StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            discard(root, entry);
            return;
        }
        try (channel) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // this process uses it
            }
            if (lock != null) {
                discard(root, entry);
            }
        }
    }

    /** The names {@link #prune} removes, compiled only when it runs. */
    private static final class Names {
        /** An entry's ({@link #key}). */
        static final Pattern ENTRY = Pattern.compile("[0-9a-f]{16}");
        /** What is being made beside the entries: an unpacking, or a damaged entry being removed. */
        static final Pattern TEMPORARY = Pattern.compile("tmp-[0-9]+(-[0-9a-f]{16})?");

        private Names() {
        }
    }

    private static void pruneTemporaries(Path entry, Instant now) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entry, TEMPORARY + "*")) {
            for (Path p : s) {
                if (olderThan(p, now, STALE_TEMPORARY)) {
                    removeQuietly(p);
                }
            }
        }
    }

    private static FileTime lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean olderThan(Path p, Instant now, Duration age) {
        return lastUsed(p).toInstant().isBefore(now.minus(age));
    }

    /**
     * Removes a damaged entry: first moved aside under a temporary name (atomically, so a run
     * never sees half of it), then deleted.
     */
    private static void discard(Path root, Path entry) throws IOException {
        Path aside = root.resolve(TEMPORARY + ProcessHandle.current().pid() + "-" + entry.getFileName());
        try {
            Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // another run discarded it
        }
        removeQuietly(aside);
    }

    /** Removes {@code path} and all under it, as far as it can. */
    static void removeQuietly(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // gone already
                } catch (IOException e) {
                    // left for a later prune
                }
            });
        } catch (IOException | RuntimeException e) {
            // left for a later prune
        }
    }
}
