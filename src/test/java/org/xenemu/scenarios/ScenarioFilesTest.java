package org.xenemu.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a result: whole or absent, never half written, the series started ahead of the rest. */
class ScenarioFilesTest {
    @TempDir
    Path dir;

    private final ScenarioResult result = Runs.run(Runs.example());

    private static Stream<String> names(Path in) throws Exception {
        try (Stream<Path> listing = Files.list(in)) {
            return listing.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    @Test
    void aSeriesFileStartedAheadIsMovedIntoPlaceWithTheOtherTwo() throws Exception {
        Path out = dir.resolve("out"); // created by the start
        ScenarioResult.PendingFile csv = ScenarioResult.startSeriesCsv(result.series(), out);
        assertThat(result.writeFiles(out, csv)).extracting(p -> p.getFileName().toString())
                .containsExactly("series.csv", "summary.json", "report.html");
        assertThat(Files.readAllBytes(out.resolve("series.csv"))).isEqualTo(Runs.csv(result));
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(Runs.summary(result));
        assertThat(names(out)).containsExactlyInAnyOrder("series.csv", "summary.json", "report.html");
    }

    @Test
    void anAbandonedSeriesFileLeavesNothingBehind() throws Exception {
        ScenarioResult.PendingFile csv = ScenarioResult.startSeriesCsv(result.series(), dir);
        csv.abandon();
        assertThat(names(dir)).isEmpty();
        csv.abandon(); // twice is harmless
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void aSeriesFileThatWasMovedIntoPlaceIsNotTakenBackByALateAbandon() throws Exception {
        ScenarioResult.PendingFile csv = ScenarioResult.startSeriesCsv(result.series(), dir);
        assertThat(csv.finish()).isEqualTo(dir.resolve("series.csv"));
        csv.abandon();
        assertThat(names(dir)).containsExactly("series.csv");
    }
}
