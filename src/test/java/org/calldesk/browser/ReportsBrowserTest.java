package org.calldesk.browser;

import io.vertx.sqlclient.Pool;
import org.calldesk.TestServer;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report pages in a real browser: the chart drawn, the table filled, the CSV link following the filters, in both languages. */
@ServerTest
class ReportsBrowserTest {

    private static final String RANGE = "from=2026-03-01&to=2026-03-07";

    /** A week of traffic in March (no other test writes calls then): every tier, some abandons, some slow answers. */
    @BeforeAll
    static void traffic() {
        Pool pg = TestServer.get().server.pg();
        TestServer.await(pg.query("""
                INSERT INTO calls (linkedid, queue, tier, entered_at, answered_at, ended_at, outcome, wait_ms, talk_ms, agent_id, ivr)
                SELECT 'browser-report-' || i,
                       (ARRAY['service', 'complaints', 'vip'])[1 + i % 3],
                       (ARRAY['platinum', 'gold', 'silver', 'bronze', NULL])[1 + i % 5],
                       timestamptz '2026-03-01 01:00+00' + i * interval '17 minutes',
                       CASE WHEN i % 7 <> 0 THEN timestamptz '2026-03-01 01:00+00' + i * interval '17 minutes' END,
                       timestamptz '2026-03-01 01:05+00' + i * interval '17 minutes',
                       CASE WHEN i % 7 = 0 THEN 'abandoned' ELSE 'answered' END,
                       (i * 7919 % 60) * 1000, 90000 + i % 11 * 10000,
                       CASE WHEN i % 7 <> 0 THEN (SELECT id FROM agents WHERE username = (ARRAY['agent1', 'agent2'])[1 + i % 2]) END,
                       (ARRAY['service', 'complaint', 'status'])[1 + i % 3]
                FROM generate_series(1, 500) AS i
                ON CONFLICT DO NOTHING""").execute());
        // Agent states for the agents report: each day of the first week of March, per agent, 2 h available, 1 h on
        // call, 10 min wrap-up, 30 min at lunch, and one ring not answered.
        TestServer.await(pg.query("""
                INSERT INTO agent_states (agent_id, state, reason, started, ended)
                SELECT a.id, s.state, s.reason, timestamptz '2026-03-01 01:00+00' + d * interval '1 day' + s.off,
                       timestamptz '2026-03-01 01:00+00' + d * interval '1 day' + s.off + s.len
                FROM agents a, generate_series(0, 6) AS d,
                     (VALUES ('available', '', interval '0', interval '2 hours'),
                             ('on-call', '', interval '2 hours', interval '1 hour'),
                             ('wrap-up', '', interval '3 hours', interval '10 minutes'),
                             ('paused', 'lunch', interval '190 minutes', interval '30 minutes')) AS s(state, reason, off, len)
                WHERE a.username IN ('agent1', 'agent2')
                  AND NOT EXISTS (SELECT 1 FROM agent_states x WHERE x.agent_id = a.id AND x.started = timestamptz '2026-03-01 01:00+00')""").execute());
    }

    /** A language chosen here is kept with a shared test user: forgotten again so later tests read English. */
    @org.junit.jupiter.api.AfterEach
    void forgetChosenLanguages() {
        TestServer.get().forgetLanguages();
    }

    @Test
    void aSupervisorReadsTheQueueReportAsChartAndTableAndDownloadsTheSameTable() {
        TestServer server = TestServer.get();
        try (Browser browser = Browser.open("reports", server.port, 1366, 768, "en-US")) {
            browser.login("admin", TestServer.PASSWORD);
            String was = speak(browser, "en");
            browser.find(By.cssSelector("header nav a[href='/reports']")).click();
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            browser.go("/reports/queues?" + RANGE + "&interval=day&by=queue");
            browser.waitForText(By.cssSelector("#report-table tbody"), "2026-03-07 00:00");
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            assertEquals(3 * 7, browser.all(By.cssSelector("#report-table tbody tr")).size(), "three queues, seven days");
            assertTrue(browser.find(By.cssSelector("#report-table tfoot")).getText().contains("Total"));
            assertTrue(browser.find(By.id("report-note")).getText().contains("short abandons"));
            String csv = browser.find(By.id("report-csv")).getAttribute("href");
            assertTrue(csv.contains("/api/reports/queues.csv?") && csv.contains("from=2026-03-01") && csv.contains("by=queue"), csv);
            browser.shot("queues-by-day");

            browser.find(By.cssSelector("[data-preset=last7]")).click();
            browser.until(d -> !browser.find(By.name("from")).getAttribute("value").equals("2026-03-01"));
            browser.shot("last-7-days");

            browser.go("/reports/green?" + RANGE);
            browser.waitForText(By.cssSelector("#report-table tfoot"), "platinum");
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            browser.shot("green-channel");

            for (String page : List.of("agents", "dispositions", "complaints", "value")) {
                browser.go("/reports/" + page + "?" + RANGE);
                browser.waitFor(By.cssSelector("#report-table thead th"));
                browser.waitFor(By.cssSelector("#report-chart canvas"));
                assertFalse(browser.all(By.id("report-error")).get(0).isDisplayed(), page);
                if (page.equals("agents")) {
                    browser.waitForText(By.cssSelector("#report-table thead"), "Occupancy");
                    assertTrue(browser.find(By.id("report-note")).getText().contains("Occupancy ="));
                    browser.waitForText(By.cssSelector("#report-table tbody"), "lunch 3:30:00");
                    browser.shot(page);
                    browser.script("document.getElementById('report-table').scrollIntoView()");
                    browser.shot("agents-table");
                    continue;
                }
                browser.shot(page);
            }

            List<String> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "script errors: " + errors);
            browser.go("/reports/queues?from=2026-03-07&to=2026-03-01");
            browser.waitForText(By.id("report-error"), "inverted");
            browser.shot("inverted-range");
            speak(browser, was);
        }
    }

    @Test
    void inChineseTheReportSpeaksChineseAndAnAgentSeesOnlyTheirOwnFigures() {
        TestServer server = TestServer.get();
        try (Browser browser = Browser.open("reports-zh", server.port, 1366, 768, "zh-CN,zh")) {
            browser.login("admin", TestServer.PASSWORD);
            String was = speak(browser, "zh-CN");
            browser.go("/reports/green?" + RANGE);
            browser.waitForText(By.cssSelector("#report-table thead"), "服务水平");
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            assertEquals("各等级绿色通道", browser.find(By.tagName("h1")).getText());
            browser.shot("green-channel-zh");
            speak(browser, was);
            browser.logout();

            // the agent's language is left as other tests keep it: what is checked here does not depend on it
            browser.login("agent1", TestServer.PASSWORD);
            browser.find(By.cssSelector("header nav a[href='/reports/me']")).click();
            browser.go("/reports/me?" + RANGE);
            browser.waitForText(By.cssSelector("#report-table tbody"), "Agent One");
            assertEquals(1, browser.all(By.cssSelector("#report-table tbody tr")).size());
            browser.waitFor(By.cssSelector("#report-chart canvas"));
            browser.shot("my-figures-zh");
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "script errors: " + errors);
        }
    }

    /**
     * Shows the pages in a language; returns the one they were in, to switch back to at the end (the choice is kept
     * with the user, and other tests expect theirs).
     */
    private static String speak(Browser browser, String language) {
        String was = browser.find(By.tagName("html")).getAttribute("lang");
        if (!language.equals(was)) {
            browser.find(By.id("language-switch")).click();
            browser.until(d -> language.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        }
        return was;
    }
}
