package org.xenemu.dashboard.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xenemu.web.HttpTestClient;

/**
 * What every dashboard browser test shares: one headless Chromium per test class (skipped, or
 * failed in CI, when it is missing: {@link BrowserSession#assumePresent}), and the service the
 * class's {@code @SpringBootTest} started, by HTTP and by address.
 */
abstract class PageInBrowser {
    static BrowserSession browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        BrowserSession.assumePresent();
        browser = BrowserSession.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    HttpTestClient http() {
        return new HttpTestClient(port);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
