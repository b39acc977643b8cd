package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A fleet on the dashboard, in headless Chromium (docs/dashboard.md "A fleet"): with more guests
 * than the page draws one by one, it asks {@code GET /host/samples?fleetAbove=12} and gets the
 * guests' percentiles and dom0's track instead of every guest's tracks, and draws the same
 * percentiles the service computed. A service of its own: twenty guests would make every page of
 * the other browser tests a fleet's for the ring's whole history; closed after the class, so the
 * suite holds no more contexts than before it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-dashboard-fleet-test",
                "xenemu.wire.enabled=false"})
@DirtiesContext // used by this class only: closed after it rather than held in the test context cache
class DashboardFleetInBrowserTest extends PageInBrowser {
    private static final int GUESTS = 20;

    private long number(String js) {
        return ((Number) browser.script("return " + js)).longValue();
    }

    @Test
    void aFleetsPageGetsThePercentilesFromTheServiceNotEveryGuestsTracks() {
        for (int i = 0; i < GUESTS; i++) {
            var r = http().post("/api/v1/domains", "{\"name\":\"fleet" + i + "\",\"memoryKiB\":" + (64 + 8 * i) * 1024 + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        assertThat(http().post("/api/v1/clock/advance", "{\"seconds\":3}").statusCode()).isEqualTo(200);

        browser.open(url("/"));
        browser.awaitDashboard();
        browser.await("the fleet's note", d -> browser.text("#domains-chart-note").contains("A fleet of " + GUESTS + " guests"));
        assertThat(number("xenemuDashboard.store.fleetGuests")).isEqualTo(GUESTS);
        assertThat(number("xenemuDashboard.store.domains.size")).as("dom0's track only").isEqualTo(1);

        JsonNode window = Json.read(http().get("/api/v1/host/samples?fleetAbove=12").body());
        JsonNode p50 = window.get("fleet").get("currentKiB").get("p50");
        int samples = window.get("jiffies").size();
        assertThat(number("xenemuDashboard.store.length")).isEqualTo(samples);
        // the fleet's middle guest: nearest rank 10 of 20 sizes 64, 72, … MiB
        assertThat(p50.get(samples - 1).asLong()).isEqualTo((64 + 8 * 9) * 1024);
        List<?> drawn = (List<?>) browser.script("return xenemuDashboard.store.pct.current.p50");
        assertThat(((Number) drawn.get(drawn.size() - 1)).longValue()).isEqualTo(p50.get(samples - 1).asLong());
        assertThat(browser.attribute("#host-chart", "aria-label")).contains("domains (" + GUESTS + ")");

        assertThat(http().post("/api/v1/clock/advance", "{\"seconds\":2}").statusCode()).isEqualTo(200);
        browser.await("the next window merged", d -> number("xenemuDashboard.store.length") == samples + 2);
        assertThat(number("xenemuDashboard.store.pct.current.p50.length")).isEqualTo(samples + 2);
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
