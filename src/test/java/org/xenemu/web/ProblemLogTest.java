package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Issue 18: a client cannot fill the disk through the log. */
@ExtendWith(OutputCaptureExtension.class)
class ProblemLogTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ProblemLog log = new ProblemLog(now::get);

    @Test
    void tenThousandRefusalsInAMinuteGiveOneInfoLineAndNoStackTrace(CapturedOutput output) {
        for (int i = 0; i < 10_000; i++) {
            log.refused("X".repeat(5000), "/api/v1/" + "y".repeat(5000), 405, "ENOSYS");
        }
        assertThat(output.getAll().lines().filter(l -> l.contains("requests refused"))).hasSize(1);
        assertThat(output.getAll()).doesNotContain("X".repeat(17)).doesNotContain("y".repeat(121));
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        log.refused("GET", "/x", 404, "ENOENT");
        assertThat(output.getAll()).contains("10000 requests refused").doesNotContain(" WARN ");
    }

    @Test
    void failuresKeepTheirStackTraceTenTimesAMinuteThenOneCountingLine(CapturedOutput output) {
        for (int i = 0; i < 1_000; i++) {
            log.failed("GET", "/api/v1/host", new IllegalStateException("bug " + i));
        }
        assertThat(output.getAll().lines().filter(l -> l.contains("unexpected failure on GET /api/v1/host")))
                .hasSize(ProblemLog.TRACES_PER_MINUTE);
        assertThat(output.getAll().lines().filter(l -> l.contains("more unexpected failures"))).hasSize(1);
    }

    @Test
    void controlCharactersAndLengthAreCut() {
        assertThat(ProblemLog.printable("GET\r\nInjected: yes", 16)).isEqualTo("GET??Injected: y...");
    }
}
