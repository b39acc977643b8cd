package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard in a real headless Chromium against the running service (issue 15 "Tests"): the
 * page loads with no console error, creating a domain through the page shows it, advancing the
 * clock through the page adds points to the chart, mem-set from the page moves the target line.
 * The clock is manual, so every figure is exact. A screenshot of a small fleet is saved as
 * {@code target/dashboard.png} (the README's {@code docs/images/dashboard.png} is a copy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-dashboard-test", "xenemu.wire.enabled=false"})
class DashboardInBrowserTest extends PageInBrowser {
    @BeforeEach
    void freshPage() {
        browser.open(url("/"));
        browser.awaitDashboard();
        browser.consoleErrors(); // start each test with an empty console
    }

    private int createdDomid(String name, long memoryKiB, long staticMaxKiB) {
        var r = http().post("/api/v1/domains", "{\"name\":\"" + name + "\",\"memoryKiB\":" + memoryKiB
                + ",\"staticMaxKiB\":" + staticMaxKiB + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.read(r.body()).get("domid").asInt();
    }

    private void advanceThroughThePage(int seconds) {
        WebElement input = browser.find("#advance-seconds");
        input.clear();
        input.sendKeys(Integer.toString(seconds));
        String before = browser.attribute("#host-chart", "data-latest-jiffies");
        browser.find("#advance").click();
        browser.await("the chart to take the advance's samples",
                d -> !before.equals(browser.attribute("#host-chart", "data-latest-jiffies")));
    }

    private int points() {
        return Integer.parseInt(browser.attribute("#host-chart", "data-points"));
    }

    @Test
    void thePageLoadsAtBothAddressesAndDrawsItsChartsWithoutAConsoleError() {
        for (String path : List.of("/", "/dashboard")) {
            browser.open(url(path));
            browser.awaitDashboard();
            browser.await("the host chart painted", d -> Long.parseLong(
                    String.valueOf(browser.attribute("#host-chart", "data-painted-pixels"))) > 0);
            assertThat(browser.findAll("#node-charts .chart")).hasSize(2); // the default host's two NUMA nodes
            assertThat(browser.find("#login").isDisplayed()).isFalse();
            assertThat(browser.text("#domains-table tbody tr[data-domid='0']")).contains("Domain-0");
            assertThat(browser.text("#clock-line")).contains("manual");
            browser.await("the event stream live", d -> browser.text("#clock-line").contains("events live"));
            assertThat(browser.consoleErrors()).as("console errors at %s", path).isEmpty();
        }
    }

    @Test
    void creatingADomainThroughThePageShowsIt() {
        browser.find("details.create summary").click();
        WebElement form = browser.find("#create-form");
        form.findElement(By.name("name")).sendKeys("pagevm");
        WebElement memory = form.findElement(By.name("memoryMiB"));
        memory.clear();
        memory.sendKeys("300");
        browser.find("#create").click();
        WebElement row = browser.await("the new domain's row", d -> browser.findAll("#domains-table tbody tr").stream()
                .filter(tr -> tr.getText().contains("pagevm")).findFirst().orElse(null));
        int domid = Integer.parseInt(row.getAttribute("data-domid"));
        JsonNode view = Json.read(http().get("/api/v1/domains/" + domid).body());
        assertThat(view.get("name").asText()).isEqualTo("pagevm");
        assertThat(view.get("currentKiB").asLong()).isEqualTo(300 * 1024);
        assertThat(row.findElement(By.cssSelector(".current")).getText()).isEqualTo("300 MiB");
        assertThat(browser.text("#event-log")).contains("DomainCreated").contains("pagevm");
        // and in the charts once a sample has seen it
        advanceThroughThePage(1);
        assertThat(browser.script("return xenemuDashboard.charts.domains.series('pagevm current')")).isNotNull();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void advancingTheClockThroughThePageAddsPointsToTheChart() {
        int before = points();
        advanceThroughThePage(5);
        assertThat(points()).isEqualTo(before + 5); // one sample per virtual second
        JsonNode clock = Json.read(http().get("/api/v1/clock").body());
        assertThat(browser.attribute("#host-chart", "data-latest-jiffies"))
                .isEqualTo(Long.toString(clock.get("jiffies").asLong()));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void memSetFromThePageMovesTheTargetLine() {
        int domid = createdDomid("memset", 256 * 1024, 512 * 1024);
        browser.open(url("/"));
        browser.awaitDashboard();
        WebElement row = browser.await("the domain's row",
                d -> browser.findAll("#domains-table tbody tr[data-domid='" + domid + "']").stream().findFirst().orElse(null));
        advanceThroughThePage(1); // a sample of the domain at 256 MiB
        WebElement input = row.findElement(By.cssSelector("form.mem-set input"));
        input.clear();
        input.sendKeys("400");
        row.findElement(By.cssSelector("form.mem-set button")).click();
        browser.await("mem-set accepted", d -> browser.text("#status").contains("mem-set " + domid));
        advanceThroughThePage(2); // the balloon driver takes the new target when the clock moves
        assertThat(Json.read(http().get("/api/v1/domains/" + domid).body()).get("targetKiB").asLong())
                .isEqualTo(400 * 1024);
        List<?> target = (List<?>) browser.script("return xenemuDashboard.charts.domains.series('memset target')");
        assertThat(((Number) target.get(target.size() - 1)).longValue()).isEqualTo(400 * 1024);
        assertThat(target.stream().filter(v -> v != null).map(v -> ((Number) v).longValue()))
                .as("the line moved from 256 MiB to 400 MiB").contains(256L * 1024, 400L * 1024);
        browser.await("the row's target", d -> row.findElement(By.cssSelector(".target")).getText().equals("400 MiB"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aNumberBeingTypedKeepsItsFocusAndValueWhileTheTableChanges() {
        int domid = createdDomid("typing", 256 * 1024, 512 * 1024);
        browser.open(url("/"));
        browser.awaitDashboard();
        WebElement input = browser.await("the domain's mem-set field", d -> browser.findAll(
                "#domains-table tbody tr[data-domid='" + domid + "'] form.mem-set input").stream().findFirst().orElse(null));
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "30");
        // a domain created meanwhile: the page refreshes at once and puts a row after this one
        int other = createdDomid("arrives", 256 * 1024, 512 * 1024);
        browser.await("the new domain's row",
                d -> !browser.findAll("#domains-table tbody tr[data-domid='" + other + "']").isEmpty());
        advanceThroughTheApi(); // and a refresh in which the figures change
        assertThat(browser.script("return document.activeElement.closest('tr')?.dataset.domid"))
                .as("the field still has the focus").isEqualTo(Integer.toString(domid));
        input.sendKeys("0");
        assertThat(input.getDomProperty("value")).isEqualTo("300");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** A virtual second advanced through the API, and a refresh of the page that has seen it. */
    private void advanceThroughTheApi() {
        String before = browser.attribute("#host-chart", "data-latest-jiffies");
        var r = http().post("/api/v1/clock/advance", "{\"seconds\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        browser.await("the chart to take the advance's sample",
                d -> !before.equals(browser.attribute("#host-chart", "data-latest-jiffies")));
    }

    @Test
    void selfballoonTunablesAreSavedFromTheDialogAndARefusalStaysInIt() {
        var created = http().post("/api/v1/domains", "{\"name\":\"sbvm\",\"memoryKiB\":524288,\"kernel\":{\"tmem\":true}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        int domid = Json.read(created.body()).get("domid").asInt();
        WebElement row = browser.await("the domain's row",
                d -> browser.findAll("#domains-table tbody tr[data-domid='" + domid + "']").stream().findFirst().orElse(null));
        row.findElement(By.cssSelector("td:last-child button")).click();
        browser.await("the dialog", d -> browser.find("#selfballoon-dialog").isDisplayed());
        WebElement down = browser.find("#sb-selfballoonDownhysteresis");
        assertThat(down.getAttribute("value")).isEqualTo("8");
        down.clear();
        down.sendKeys("0"); // the sysfs store refuses 0: EINVAL, nothing changes, the dialog stays open
        browser.find("#sb-save").click();
        browser.await("the refusal", d -> browser.text("#selfballoon-dialog .error").contains("EINVAL"));
        assertThat(Json.read(http().get("/api/v1/domains/" + domid + "/selfballoon").body())
                .get("selfballoonDownhysteresis").asInt()).isEqualTo(8);
        down.clear();
        down.sendKeys("16");
        browser.find("#sb-save").click();
        browser.await("the dialog closed", d -> !browser.find("#selfballoon-dialog").isDisplayed());
        assertThat(Json.read(http().get("/api/v1/domains/" + domid + "/selfballoon").body())
                .get("selfballoonDownhysteresis").asInt()).isEqualTo(16);
        // consoleErrors: the refused PATCH (400) is a failed load the browser logs; nothing else may be
        assertThat(browser.consoleErrors()).allMatch(m -> m.contains("/selfballoon") && m.contains("400"));
    }

    @Test
    void destroyingADomainThroughThePageRemovesItsRow() {
        int domid = createdDomid("doomed", 128 * 1024, 128 * 1024);
        WebElement row = browser.await("the domain's row",
                d -> browser.findAll("#domains-table tbody tr[data-domid='" + domid + "']").stream().findFirst().orElse(null));
        row.findElement(By.cssSelector("button.destroy")).click();
        browser.await("the row gone",
                d -> browser.findAll("#domains-table tbody tr[data-domid='" + domid + "']").isEmpty());
        assertThat(http().get("/api/v1/domains/" + domid).statusCode()).isEqualTo(404);
        assertThat(browser.text("#event-log")).contains("DomainDestroyed");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theBalancerPolicyIsSetFromThePageAndItsFactsShow() {
        try {
            new Select(browser.find("#balancer select[name=policy]")).selectByValue("squeezed");
            browser.find("#balancer form button").click();
            browser.await("the policy applied", d -> browser.text("#status").contains("Balancer policy: squeezed"));
            assertThat(Json.read(http().get("/api/v1/host/balancer").body()).get("policy").asText()).isEqualTo("squeezed");
            advanceThroughThePage(15); // squeezed's periodic check runs
            browser.await("the facts", d -> browser.text("#balancer .balancer-facts").contains("squeezed · every"));
            assertThat(browser.text("#balancer [data-fact=stuck]")).isEqualTo("none");
            // γ over time: the samples' gamma, drawn once squeezed has decided
            JsonNode samples = Json.read(http().get("/api/v1/host/samples").body());
            long decided = 0;
            for (JsonNode g : samples.get("gamma")) {
                decided += g.isNull() ? 0 : 1;
            }
            assertThat(decided).as("samples with a γ").isPositive();
            long expected = decided;
            browser.await("the γ chart", d -> Long.parseLong(browser.attribute("#gamma-chart", "data-points")) == expected);
            assertThat(browser.attribute("#gamma-chart", "aria-label")).contains("latest");
            assertThat(browser.text("#balancer [data-fact=reserved]")).startsWith("0 KiB");
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            http().put("/api/v1/host/balancer", "{\"policy\":\"none\"}");
        }
    }

    @Test
    void aSmallFleetForTheReadmeScreenshot() throws Exception {
        String range = ",\"dynamicMinKiB\":%d,\"dynamicMaxKiB\":%d}";
        int web = createdDomid("web1", 512 * 1024, 1024 * 1024);
        var db = http().post("/api/v1/domains", "{\"name\":\"db1\",\"memoryKiB\":" + 2048 * 1024 + ",\"staticMaxKiB\":"
                + 2048 * 1024 + range.formatted(1024 * 1024, 2048 * 1024));
        var cache = http().post("/api/v1/domains", "{\"name\":\"cache1\",\"memoryKiB\":" + 1024 * 1024
                + ",\"staticMaxKiB\":" + 1024 * 1024 + range.formatted(512 * 1024, 1024 * 1024));
        assertThat(db.statusCode()).as(db.body()).isEqualTo(201);
        assertThat(cache.statusCode()).as(cache.body()).isEqualTo(201);
        int cacheDomid = Json.read(cache.body()).get("domid").asInt();
        // a tmem guest with a workload: selfballoon follows its Committed_AS
        var app = http().post("/api/v1/domains", "{\"name\":\"app1\",\"memoryKiB\":1048576,\"staticMaxKiB\":2097152,"
                + "\"kernel\":{\"tmem\":true,\"swapKiB\":262144}}");
        assertThat(app.statusCode()).as(app.body()).isEqualTo(201);
        int appDomid = Json.read(app.body()).get("domid").asInt();
        var pid = http().post("/api/v1/domains/" + appDomid + "/processes", "{\"name\":\"java\"}");
        long appPid = Json.read(pid.body()).get("pid").asLong();
        var mapping = http().post("/api/v1/domains/" + appDomid + "/processes/" + appPid + "/mappings",
                "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":" + 384 * 1024 + "}");
        assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(201);
        http().post("/api/v1/domains/" + appDomid + "/processes/" + appPid + "/mappings/"
                + Json.read(mapping.body()).get("id").asLong() + "/touch", "{\"kib\":" + 256 * 1024 + "}");
        String reservation = null;
        try {
            advanceThroughThePage(20);
            http().put("/api/v1/domains/" + web + "/memory/target", "{\"kib\":" + 896 * 1024 + "}");
            advanceThroughThePage(20);
            // a nearly full host, squeezed, a stuck guest, and a reservation squeezed must free memory for
            long free = Json.read(http().get("/api/v1/host").body()).get("freeKiB").asLong();
            http().put("/api/v1/host/pressure", "{\"kib\":" + (free - 512 * 1024) + "}");
            http().put("/api/v1/host/balancer", "{\"policy\":\"squeezed\"}");
            http().put("/api/v1/domains/" + cacheDomid + "/balloon/fault", "{\"mode\":\"stuck\"}");
            var r = http().post("/api/v1/host/reservations", "{\"kib\":" + 1024 * 1024 + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            reservation = Json.read(r.body()).get("id").asText();
            advanceThroughThePage(40);
            advanceThroughThePage(40);
            browser.await("the balancer's facts", d -> !browser.text("#balancer [data-fact=gamma]").equals("–"));
            browser.script("window.scrollTo(0, 0)");
            Path shot = browser.screenshot(Path.of("target", "dashboard.png"));
            assertThat(shot).isNotEmptyFile();
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            http().put("/api/v1/host/balancer", "{\"policy\":\"none\"}");
            http().put("/api/v1/domains/" + cacheDomid + "/balloon/fault", "{\"mode\":\"none\"}");
            if (reservation != null) {
                http().send("DELETE", "/api/v1/host/reservations/" + reservation, null, java.util.Map.of());
            }
            http().put("/api/v1/host/pressure", "{\"kib\":0}");
        }
    }
}
