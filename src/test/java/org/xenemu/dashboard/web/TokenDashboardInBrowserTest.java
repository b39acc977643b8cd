package org.xenemu.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Token mode in the browser: nothing but the login prompt until a token works; a wrong one is
 * refused in the prompt; the admin token opens the page, which keeps it out of every URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.security.mode=token", "xenemu.security.admin-token=dash-s3cret",
                "xenemu.clock.mode=manual", "xenemu.run-dir=target/run-dashboard-token-test", "xenemu.wire.enabled=false"})
class TokenDashboardInBrowserTest extends PageInBrowser {

    @Test
    void onlyTheLoginPromptShowsUntilTheAdminTokenIsGiven() {
        String page = url("/");
        browser.open(page);
        browser.await("the login prompt", d -> browser.find("#login").isDisplayed());
        assertThat(browser.find("#app").isDisplayed()).isFalse();
        assertThat(browser.find("#app").getAttribute("hidden")).isNotNull();
        assertThat(browser.findAll("#host-chart canvas")).isEmpty();
        assertThat(browser.find("body").getAttribute("data-refreshed")).isNull();

        browser.find("#token").sendKeys("not-the-token");
        browser.find("#login-form button").click();
        browser.await("the refusal", d -> !browser.find("#login-error").getText().isEmpty());
        assertThat(browser.find("#app").isDisplayed()).isFalse();

        browser.find("#token").clear();
        browser.find("#token").sendKeys("dash-s3cret");
        browser.find("#login-form button").click();
        browser.awaitDashboard();
        assertThat(browser.find("#login").isDisplayed()).isFalse();
        assertThat(browser.find("#app").isDisplayed()).isTrue();
        assertThat(browser.find("#token").getAttribute("value")).isEmpty();
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(page).doesNotContain("s3cret");
        // the resources the page loaded: none carried the token in its address
        Object urls = browser.script("return performance.getEntriesByType('resource').map(e => e.name).join('\\n')");
        assertThat(String.valueOf(urls)).contains("/api/v1/host").doesNotContain("s3cret");
        assertThat(browser.find("#logout").isDisplayed()).isTrue();

        // forgetting the token brings the prompt back
        browser.find("#logout").click();
        browser.await("the login prompt again", d -> browser.find("#login").isDisplayed());
        assertThat(browser.find("#app").isDisplayed()).isFalse();
    }
}
