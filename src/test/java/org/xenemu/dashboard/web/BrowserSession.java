package org.xenemu.dashboard.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's {@code chromedriver}
 * (the README's "Tests"): both binaries are named, so Selenium Manager never looks anything up,
 * and every host name but the loopback address resolves to nothing (the page must work offline).
 * Missing binaries skip the test with the reason, or fail it when
 * {@code XENEMU_REQUIRE_REAL_CLIENTS=true} (CI installs {@code chromium chromium-driver}).
 */
final class BrowserSession implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("XENEMU_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("XENEMU_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private BrowserSession(ChromeDriver driver) {
        this.driver = driver;
    }

    static void assumePresent() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install -y chromium chromium-driver)";
        if (!present && "true".equalsIgnoreCase(System.getenv("XENEMU_REQUIRE_REAL_CLIENTS"))) {
            throw new AssertionError(why + " and XENEMU_REQUIRE_REAL_CLIENTS=true");
        }
        assumeTrue(present, why + "; skipping the dashboard's browser test");
    }

    static BrowserSession start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1400,2200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new BrowserSession(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * The element's text now. The page replaces some elements at every refresh (the balancer's
     * facts, the tables), so an element found a moment ago may be gone: find it again and read.
     */
    String text(String css) {
        return await("the text of " + css, d -> find(css).getText());
    }

    /** An attribute of the element now ({@code ""} for an absent one), read as {@link #text}. */
    String attribute(String css, String name) {
        return await(name + " of " + css, d -> {
            String value = find(css).getAttribute(name);
            return value == null ? "" : value;
        });
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    <T> T await(String what, ExpectedCondition<T> condition) {
        // the page replaces some elements at every refresh (the balancer's facts): look again
        return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The page has made its first refresh (charts, tables and the clock line filled). */
    void awaitDashboard() {
        await("the dashboard's first refresh", d -> find("body").getAttribute("data-refreshed") != null);
    }

    /** The browser console since the last call: messages at {@code SEVERE} (errors, failed loads). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
