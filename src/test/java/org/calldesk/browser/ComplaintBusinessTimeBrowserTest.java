package org.calldesk.browser;

import io.vertx.sqlclient.Pool;
import org.calldesk.TestServer;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complaints report in a browser says, in both languages, that its times are business time. */
@ServerTest
class ComplaintBusinessTimeBrowserTest {

    /** A week in February 2025 that no other test writes complaints in. */
    private static final String RANGE = "from=2025-02-03&to=2025-02-07";

    /** Three resolved billing complaints: 1 h, 2 h and 10 h of business time to resolve, answered in 10, 20 and 30 min. */
    @BeforeAll
    static void complaints() {
        Pool pg = TestServer.get().server.pg();
        TestServer.await(pg.query("INSERT INTO customers (external_id, name, tier) VALUES ('bizres-browser', 'Business Bo', 'gold')")
                .execute());
        TestServer.await(pg.query("""
                INSERT INTO complaints (customer_id, category, severity, subject, description, status, tier, policy,
                                        first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                        first_responded_at, resolved_at, updated_at, first_response_business_s, resolve_business_s)
                SELECT (SELECT id FROM customers WHERE external_id = 'bizres-browser'), 'billing', 'normal', 'Business time ' || i, 'seeded', 'resolved', 'gold',
                       'p', 14400, 97200, 'business', o, o + interval '4 hours', o + i * interval '10 minutes',
                       o + interval '2 days', o + interval '2 days', i * 600, (ARRAY[3600, 7200, 36000])[i]
                FROM generate_series(1, 3) AS i, LATERAL (SELECT timestamptz '2025-02-04 02:00+00' + i * interval '1 hour' AS o) t
                """).execute());
    }

    @AfterEach
    void forgetChosenLanguages() {
        TestServer.get().forgetLanguages();
    }

    @Test
    void theComplaintsReportSaysItsTimesAreBusinessTime() {
        TestServer server = TestServer.get();
        try (Browser browser = Browser.open("complaint-business-time", server.port, 1366, 768, "en-US")) {
            browser.login("supervisor", TestServer.PASSWORD);
            browser.go("/reports/complaints?" + RANGE);
            browser.waitForText(By.cssSelector("#report-table tbody"), "billing");
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            assertTrue(browser.find(By.id("report-note")).getText().contains("business time"),
                    browser.find(By.id("report-note")).getText());
            String head = browser.find(By.cssSelector("#report-table thead")).getText();
            assertTrue(head.contains("Time to resolve, median (business time, s)"), head);
            assertTrue(head.contains("Time to first response, median (business time, s)"), head);
            String row = browser.find(By.cssSelector("#report-table tbody tr")).getText();
            assertTrue(row.contains("20 min 00 s") && row.contains("2 h 00 min") && row.contains("8 h 24 min"),
                    "medians 20 min and 2 h; p90 of 1, 2 and 10 h = 2 h + 0.8 x 8 h: " + row);
            browser.shot("complaints-en");
            browser.script("arguments[0].scrollIntoView()", browser.find(By.id("report-table")));
            browser.shot("complaints-en-table");

            browser.find(By.id("language-switch")).click();
            browser.until(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
            browser.go("/reports/complaints?" + RANGE);
            browser.waitForText(By.cssSelector("#report-table thead"), "工作时间");
            browser.waitForText(By.id("report-note"), "工作时间");
            browser.script("arguments[0].scrollIntoView()", browser.find(By.id("report-table")));
            browser.shot("complaints-zh-table");
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "script errors: " + errors);
        }
    }
}
