package org.xenemu.scenarios;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.xenemu.scenarios.document.ScenarioPlan;
import org.xenemu.scenarios.report.ScenarioReport;
import org.xenemu.scenarios.series.ScenarioSummary;
import org.xenemu.scenarios.series.SeriesCsv;
import org.xenemu.scenarios.series.SeriesJson;
import org.xenemu.scenarios.series.SummaryJson;
import org.xenemu.scenarios.series.VariantSeries;

/**
 * A finished plan: every variant's series (in variant order) and the summary, and the one place
 * their files are written from — the CLI and {@code GET /scenarios/{id}/…} call the same methods,
 * so they give the same bytes. Immutable; the write methods may run concurrently.
 */
public record ScenarioResult(ScenarioPlan plan, List<VariantSeries> series, ScenarioSummary summary) {
    public static final String SERIES_CSV = "series.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String REPORT_HTML = "report.html";

    public ScenarioResult {
        series = List.copyOf(series);
    }

    /** {@code text/csv}: see {@link SeriesCsv}. */
    public void writeSeriesCsv(OutputStream out) {
        SeriesCsv.write(series, out);
    }

    /** {@code application/json}: see {@link SeriesJson}. */
    public void writeSeriesJson(OutputStream out) {
        SeriesJson.write(plan.name(), series, out);
    }

    /** {@code application/json}: see {@link SummaryJson}. */
    public void writeSummaryJson(OutputStream out) {
        SummaryJson.write(summary, out);
    }

    /** {@code text/html}, self-contained: see {@link ScenarioReport}. */
    public void writeReport(OutputStream out) {
        ScenarioReport.write(plan, series, summary, out);
    }

    /**
     * Writes {@value #SERIES_CSV}, {@value #SUMMARY_JSON} and {@value #REPORT_HTML} into
     * {@code dir} (created if needed), each to a temporary file first and then moved into place, so
     * a reader never sees half a file. Returns the paths in that order. The series (the largest) is
     * written on a thread of its own while this one writes the summary and the report: their bytes
     * do not depend on it.
     */
    public List<Path> writeFiles(Path dir) throws IOException {
        return writeFiles(dir, startSeriesCsv(series, dir));
    }

    /**
     * As {@link #writeFiles(Path)}, with {@value #SERIES_CSV} already being written by
     * {@code csv} ({@link #startSeriesCsv} on this result's series, into {@code dir}): the command
     * line starts it as soon as the series are recorded, while the summaries are still being made.
     * Whatever happens, {@code csv} is finished or abandoned when this returns.
     */
    public List<Path> writeFiles(Path dir, PendingFile csv) throws IOException {
        try {
            Path summaryFile = write(dir, SUMMARY_JSON, this::writeSummaryJson);
            Path reportFile = write(dir, REPORT_HTML, this::writeReport);
            return List.of(csv.finish(), summaryFile, reportFile);
        } finally {
            csv.abandon();
        }
    }

    /**
     * Starts writing {@value #SERIES_CSV} of {@code series} into {@code dir} (created if needed) on a
     * thread of its own, to a temporary file that {@link PendingFile#finish()} moves into place.
     */
    public static PendingFile startSeriesCsv(List<VariantSeries> series, Path dir) throws IOException {
        Files.createDirectories(dir);
        return new PendingFile(dir, SERIES_CSV, out -> SeriesCsv.write(series, out));
    }

    /**
     * A file being written on a thread of its own into a temporary file beside its place: moved
     * into place by {@link #finish()}, or deleted by {@link #abandon()} (a run that failed or was
     * cancelled after its series were recorded leaves no file behind).
     */
    public static final class PendingFile {
        private final Path target;
        private final Path temp;
        private final CompletableFuture<Void> written = new CompletableFuture<>();
        private volatile boolean moved;

        private PendingFile(Path dir, String name, Writer writer) throws IOException {
            this.target = dir.resolve(name);
            this.temp = temporary(dir, name);
            Thread t = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    writer.write(out);
                    written.complete(null);
                } catch (IOException | RuntimeException | Error e) {
                    written.completeExceptionally(e);
                }
            }, "scenario-" + name.replace('.', '-'));
            t.setDaemon(true);
            t.start();
        }

        /** Waits until the file is written and moves it into place; returns where it is. */
        public Path finish() throws IOException {
            await();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return target;
        }

        /** Unless it was moved into place: waits until the writing stops and deletes the temporary file. */
        public void abandon() {
            if (moved) {
                return;
            }
            try {
                written.handle((ok, failed) -> null).join();
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the directory went away or is not ours to clean: nothing more to do
                }
            }
        }

        private void await() throws IOException {
            try {
                written.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + target.getFileName(), e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException("writing " + target.getFileName() + " failed", cause);
            }
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static Path write(Path dir, String name, Writer writer) throws IOException {
        Path target = dir.resolve(name);
        Path temp = temporary(dir, name);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** A temporary file for {@code name} in {@code dir}, readable by all as the result will be. */
    private static Path temporary(Path dir, String name) throws IOException {
        Path temp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            // a temporary file is the owner's only; the result is an ordinary file
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults stand
        }
        return temp;
    }
}
