package org.xenemu.scenarios.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch JVM's cache (docs/scenarios.md "Running it"): where it lives, what an entry is named
 * for, when an entry is used, made again or not used, which archive is kept, and what is pruned.
 * The packaged jar's first and later runs through it: {@code ScenarioBatchJvmIT}.
 */
class BatchCacheTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String HOME = System.getProperty("java.home");
    private static final String VERSION = "17.0.15+6";
    private static final String ARCHIVE = BatchCache.Archive.CDS.file;
    private static final String ARCHIVE_SIZE = ARCHIVE + BatchCache.SIZE_SUFFIX;
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    private static final Clock WALL = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path root;
    Path jar;

    @BeforeEach
    void aJar() throws IOException {
        root = dir.resolve("cache");
        jar = emptyJar(dir.resolve("xenemu.jar"));
    }

    private static Path emptyJar(Path path) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return path;
    }

    private List<String> batch() {
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(BatchJvm.OPTIONS);
        c.addAll(List.of("-Dxenemu.scenario.batch-parent=42", "-jar", jar.toString(), "scenario", "d.yaml", "--out", "o"));
        return c;
    }

    private Path entry() throws IOException {
        Path real = jar.toRealPath();
        return root.resolve(BatchCache.key(BatchCache.jarIdentity(real), HOME, VERSION, BatchJvm.OPTIONS));
    }

    /** An entry as an unpacking makes it: the application jar beside lib/, and their listing. */
    private Path unpackedEntry() throws IOException {
        Path entry = entry();
        Path app = Files.createDirectories(entry.resolve(BatchCache.APP).resolve("lib"));
        emptyJar(app.resolve("a.jar"));
        emptyJar(app.getParent().resolve("xenemu.jar"));
        Files.writeString(entry.resolve(BatchCache.APP_LIST), BatchCache.listing(entry.resolve(BatchCache.APP)));
        return entry;
    }

    private static List<String> expected(Path entry, String... archiveOptions) {
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(BatchJvm.OPTIONS);
        c.add("-Dxenemu.scenario.batch-parent=42");
        c.addAll(List.of(archiveOptions));
        c.addAll(List.of("-jar",
                entry.resolve(BatchCache.APP).resolve("xenemu.jar").toString(), "scenario", "d.yaml", "--out", "o"));
        return c;
    }

    @Test
    void theCacheLivesWhereTheEnvironmentSays() {
        assertThat(BatchCache.root(Map.of(), "/home/u")).contains(Path.of("/home/u/.cache/xenemu"));
        assertThat(BatchCache.root(Map.of("XDG_CACHE_HOME", "/var/c"), "/home/u")).contains(Path.of("/var/c/xenemu"));
        assertThat(BatchCache.root(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .as("a relative XDG_CACHE_HOME is ignored, as the XDG spec says").contains(Path.of("/home/u/.cache/xenemu"));
        assertThat(BatchCache.root(Map.of("XENEMU_CACHE_DIR", "/tmp/x", "XDG_CACHE_HOME", "/var/c"), "/home/u"))
                .contains(Path.of("/tmp/x"));
        assertThat(BatchCache.root(Map.of("XENEMU_CACHE_DIR", "off"), "/home/u")).isEmpty();
        assertThat(BatchCache.root(Map.of(), null)).isEmpty();
        assertThat(BatchCache.root(Map.of(), "?")).as("no home").isEmpty();
    }

    @Test
    void anEntryIsNamedForTheJarTheJvmAndTheOptions() {
        Path j = Path.of("/x/xenemu.jar");
        String jarAt = BatchCache.identity(j, 10, 20);
        String key = BatchCache.key(jarAt, "/jdk", "17", BatchJvm.OPTIONS);
        assertThat(key).matches("[0-9a-f]{16}").isEqualTo(BatchCache.key(jarAt, "/jdk", "17", BatchJvm.OPTIONS));
        assertThat(List.of(BatchCache.key(BatchCache.identity(Path.of("/y/xenemu.jar"), 10, 20), "/jdk", "17",
                        BatchJvm.OPTIONS),
                BatchCache.key(BatchCache.identity(j, 11, 20), "/jdk", "17", BatchJvm.OPTIONS),
                BatchCache.key(BatchCache.identity(j, 10, 21), "/jdk", "17", BatchJvm.OPTIONS),
                BatchCache.key(jarAt, "/jdk2", "17", BatchJvm.OPTIONS),
                BatchCache.key(jarAt, "/jdk", "17.1", BatchJvm.OPTIONS),
                BatchCache.key(jarAt, "/jdk", "17", List.of("-XX:+UseSerialGC")))).doesNotContain(key).doesNotHaveDuplicates();
    }

    @Test
    void withoutACacheTheCommandIsUnchanged() {
        assertThat(BatchCache.prepare(Optional.empty(), batch(), HOME, VERSION, 17, WALL).command()).isEqualTo(batch());
    }

    @Test
    void aCacheThatCannotBeWrittenLeavesTheCommandUnchanged() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThat(BatchCache.prepare(Optional.of(file), batch(), HOME, VERSION, 17, WALL).command()).isEqualTo(batch());
    }

    @Test
    void aJarThatCannotBeUnpackedLeavesTheCommandUnchangedAndNothingBehind() throws IOException {
        // not a Spring Boot jar: jarmode=tools is not in it
        BatchCache.Launch launch = BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL);

        assertThat(launch.command()).isEqualTo(batch());
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anEntryWithItsWholeArchiveIsUsed() throws IOException {
        Path entry = unpackedEntry();
        Files.write(entry.resolve(ARCHIVE), new byte[] {1, 2, 3});
        Files.writeString(entry.resolve(ARCHIVE_SIZE), "3");
        Files.setLastModifiedTime(entry, FileTime.from(NOW.minus(Duration.ofDays(3))));

        BatchCache.Launch launch = BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL);

        assertThat(launch.command()).isEqualTo(expected(entry,
                "-XX:SharedArchiveFile=" + entry.resolve(ARCHIVE), "-Xlog:cds*=off"));
        assertThat(Files.getLastModifiedTime(entry).toInstant()).as("marked used").isEqualTo(NOW);
    }

    @Test
    void onJdk25AndLaterTheEntryKeepsAnAheadOfTimeCacheRecordedByTheRun() throws IOException {
        Path entry = unpackedEntry();
        Path written = entry.resolve(BatchCache.TEMPORARY + ProcessHandle.current().pid() + "-app.aotconf");

        assertThat(BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 25, WALL).command())
                .isEqualTo(expected(entry, "-XX:AOTMode=record", "-XX:AOTConfiguration=" + written,
                        "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput", "-Xlog:cds*=off", "-Xlog:aot*=off"));

        Files.write(entry.resolve("app.aot"), new byte[] {1, 2, 3, 4});
        Files.writeString(entry.resolve("app.aot" + BatchCache.SIZE_SUFFIX), "4");
        assertThat(BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 26, WALL).command())
                .isEqualTo(expected(entry, "-XX:AOTCache=" + entry.resolve("app.aot"), "-Xlog:cds*=off", "-Xlog:aot*=off"));
        assertThat(BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 24, WALL).command())
                .as("JDK 24: a dynamic archive").contains("-XX:ArchiveClassesAtExit=" + entry.resolve(
                        BatchCache.TEMPORARY + ProcessHandle.current().pid() + "-" + ARCHIVE));
    }

    @Test
    void anArchiveOfAnotherSizeThanWrittenIsMadeAgain() throws IOException {
        Path entry = unpackedEntry();
        Files.write(entry.resolve(ARCHIVE), new byte[] {1, 2, 3});
        Files.writeString(entry.resolve(ARCHIVE_SIZE), "4096");

        BatchCache.Launch launch = BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL);

        Path written = entry.resolve(BatchCache.TEMPORARY + ProcessHandle.current().pid() + "-" + ARCHIVE);
        assertThat(launch.command()).isEqualTo(expected(entry, "-XX:ArchiveClassesAtExit=" + written,
                "-XX:+VerifySharedSpaces", "-Xlog:cds*=off"));
        assertThat(entry.resolve(ARCHIVE)).doesNotExist();
        assertThat(entry.resolve(ARCHIVE_SIZE)).doesNotExist();
    }

    @Test
    void anEntryWhoseFilesChangedIsRemovedAndNotUsed() throws IOException {
        Path entry = unpackedEntry();
        Files.delete(entry.resolve(BatchCache.APP).resolve("lib").resolve("a.jar"));

        BatchCache.Launch launch = BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL);

        assertThat(launch.command()).as("the jar cannot be unpacked again here").isEqualTo(batch());
        assertThat(entry).doesNotExist();
    }

    @Test
    void anArchiveIsKeptOnlyIfTheRunSucceededAndAJvmMapsItWhole() throws Exception {
        Path entry = unpackedEntry();
        Path written = entry.resolve(BatchCache.TEMPORARY + ProcessHandle.current().pid() + "-" + ARCHIVE);

        Files.write(written, new byte[] {1, 2, 3});
        BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL).ended().accept(3);
        assertThat(written).as("a failed run's").doesNotExist();
        assertThat(entry.resolve(ARCHIVE)).doesNotExist();

        Files.write(written, new byte[] {1, 2, 3});
        BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL).ended().accept(0);
        assertThat(written).as("one no JVM maps").doesNotExist();
        assertThat(entry.resolve(ARCHIVE)).doesNotExist();

        // a real archive, as the batch JVM writes it at its exit
        Process dump = new ProcessBuilder(JAVA, "-XX:ArchiveClassesAtExit=" + written, "-XX:+VerifySharedSpaces",
                "-cp", entry.resolve(BatchCache.APP).resolve("xenemu.jar").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(dump.waitFor()).isZero();
        long size = Files.size(written);
        byte[] whole = Files.readAllBytes(written);
        Files.write(written, java.util.Arrays.copyOf(whole, whole.length / 2));
        BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL).ended().accept(0);
        assertThat(entry.resolve(ARCHIVE)).as("one cut short").doesNotExist();

        Files.write(written, whole);
        BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL).ended().accept(0);
        assertThat(entry.resolve(ARCHIVE)).hasSize(size);
        assertThat(entry.resolve(ARCHIVE_SIZE)).hasContent(Long.toString(size));
        assertThat(written).doesNotExist();
        try (var left = Files.list(entry)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(BatchCache.APP, BatchCache.APP_LIST, ARCHIVE, ARCHIVE_SIZE);
        }
    }

    @Test
    void pruningRemovesAnEntryWhoseJarWasRebuiltOrIsGoneUnlessARunUsesIt() throws IOException {
        Path rebuilt = unpackedEntry();
        Files.writeString(rebuilt.resolve(BatchCache.JAR_FILE), BatchCache.jarIdentity(jar.toRealPath()));
        assertThat(BatchCache.outlived(rebuilt)).isFalse();
        Path gone = Files.createDirectories(root.resolve("00000000000000aa"));
        Files.writeString(gone.resolve(BatchCache.JAR_FILE), dir.resolve("no-such.jar") + "\n1\n2\n");
        Files.writeString(gone.resolve(BatchCache.APP_LIST), "");
        Path used = Files.createDirectories(root.resolve("00000000000000bb"));
        Files.writeString(used.resolve(BatchCache.JAR_FILE), dir.resolve("no-such.jar") + "\n1\n2\n");
        Files.writeString(used.resolve(BatchCache.APP_LIST), "");
        Files.setLastModifiedTime(jar, FileTime.from(NOW.minus(Duration.ofMinutes(5)))); // rebuilt

        try (FileChannel run = FileChannel.open(used.resolve(BatchCache.APP_LIST), StandardOpenOption.READ)) {
            run.lock(0, Long.MAX_VALUE, true); // as a launch holds it while its batch JVM runs
            assertThat(BatchCache.outlived(rebuilt)).isTrue();
            assertThat(BatchCache.outlived(gone)).isTrue();

            BatchCache.prune(root, NOW);

            assertThat(rebuilt).as("its jar was rebuilt").doesNotExist();
            assertThat(gone).as("its jar is gone").doesNotExist();
            assertThat(used).as("a run uses it").exists();
        }
        BatchCache.prune(root, NOW);
        assertThat(used).as("once the run ended").doesNotExist();
    }

    @Test
    void aLaunchHoldsItsEntryInUseUntilItsBatchJvmEnded() throws IOException {
        Path entry = unpackedEntry();
        Files.writeString(entry.resolve(BatchCache.JAR_FILE), dir.resolve("no-such.jar") + "\n1\n2\n");
        Files.write(entry.resolve(ARCHIVE), new byte[] {1, 2, 3});
        Files.writeString(entry.resolve(ARCHIVE_SIZE), "3");
        BatchCache.Launch launch = BatchCache.prepare(Optional.of(root), batch(), HOME, VERSION, 17, WALL);

        BatchCache.prune(root, NOW);
        assertThat(entry).exists();

        launch.ended().accept(0);
        BatchCache.prune(root, NOW);
        assertThat(entry).doesNotExist();
    }

    @Test
    void pruningKeepsTheEntriesUsedLastOrLatelyRemovesStaleTemporariesAndLeavesOthersFilesAlone() throws IOException {
        Instant now = NOW;
        List<Duration> unused = List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
                Duration.ofHours(4), Duration.ofDays(2), Duration.ofDays(6));
        List<Path> entries = new ArrayList<>();
        for (int i = 0; i < unused.size(); i++) {
            Path e = Files.createDirectories(root.resolve(String.format("%016x", i)));
            Files.setLastModifiedTime(e, FileTime.from(now.minus(unused.get(i))));
            entries.add(e);
        }
        Path othersOld = Files.createDirectories(root.resolve("notes"));
        Path othersTemporary = Files.createDirectories(root.resolve("tmp-mine"));
        for (Path p : List.of(othersOld, othersTemporary)) {
            Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(30))));
        }
        Path staleTemporary = Files.createDirectories(root.resolve(BatchCache.TEMPORARY + "1"));
        Files.setLastModifiedTime(staleTemporary, FileTime.from(now.minus(Duration.ofHours(2))));
        Path freshTemporary = Files.createDirectories(root.resolve(BatchCache.TEMPORARY + "2"));
        Files.setLastModifiedTime(freshTemporary, FileTime.from(now.minus(Duration.ofMinutes(30))));
        Path staleInEntry = Files.writeString(entries.get(0).resolve(BatchCache.TEMPORARY + "9-classes.jsa"), "x");
        Files.setLastModifiedTime(staleInEntry, FileTime.from(now.minus(Duration.ofHours(2))));

        BatchCache.prune(root, now);

        // the four used last stay; the fifth, beyond them, stays too as it was used within a day
        for (Path e : entries.subList(0, 5)) {
            assertThat(e).exists();
        }
        assertThat(entries.get(5)).doesNotExist();
        assertThat(entries.get(6)).doesNotExist();
        assertThat(staleTemporary).doesNotExist();
        assertThat(freshTemporary).exists();
        assertThat(staleInEntry).doesNotExist();
        assertThat(othersOld).as("not the cache's: left alone").exists();
        assertThat(othersTemporary).as("not the cache's: left alone").exists();
    }
}
