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
        Files.createDirectories(dir);
        CompletableFuture<Path> series = new CompletableFuture<>();
        Thread csv = new Thread(() -> {
            try {
                series.complete(write(dir, SERIES_CSV, this::writeSeriesCsv));
            } catch (IOException | RuntimeException | Error e) {
                series.completeExceptionally(e);
            }
        }, "scenario-series-csv");
        csv.setDaemon(true);
        csv.start();
        Path summaryFile = write(dir, SUMMARY_JSON, this::writeSummaryJson);
        Path reportFile = write(dir, REPORT_HTML, this::writeReport);
        try {
            return List.of(series.get(), summaryFile, reportFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + SERIES_CSV, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("writing " + SERIES_CSV + " failed", cause);
        }
    }

    private interface Writer {
        void write(OutputStream out);
    }

    private static Path write(Path dir, String name, Writer writer) throws IOException {
        Path target = dir.resolve(name);
        Path temp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            try {
                // a temporary file is the owner's only; the result is an ordinary file
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults stand
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}
