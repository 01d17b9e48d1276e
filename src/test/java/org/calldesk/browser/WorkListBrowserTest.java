package org.calldesk.browser;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent's work list in a real browser: a caller leaves a callback request on the hotline, the agent sees it on the
 * console, calls it with its button and sees the outcome; then calls the customer from their 360° page; and the
 * account manager's "My accounts" page, in English and Chinese.
 */
@ServerTest
class WorkListBrowserTest {

    /** A language chosen here is kept with a shared test user: forgotten again so later tests read English. */
    @org.junit.jupiter.api.AfterEach
    void forgetChosenLanguages() {
        org.calldesk.TestServer.get().forgetLanguages();
    }

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static Row callbackOf(String e164) {
        var rows = TestServer.await(TestServer.get().server.pg()
                .preparedQuery("SELECT id, status FROM callbacks WHERE caller_number = $1 ORDER BY id DESC LIMIT 1")
                .execute(Tuple.of(e164)));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private static void scrollTo(Browser browser, String css) {
        browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css);
    }

    /** The text of the element once it contains {@code text}; the work list redraws its rows, so it is read afresh. */
    private static String textOnceItHas(Browser browser, String css, String text) {
        return browser.until(d -> {
            try {
                String now = d.findElement(By.cssSelector(css)).getText();
                return now.contains(text) ? now : null;
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return null;
            }
        });
    }

    @Test
    void anAgentCallsBackFromTheWorkListAndCallsACustomerFromThe360Page() {
        TestServer server = TestServer.get();
        String number = "+8613766099001";
        long customer = Phones.customer("WL-BROWSER-1", "Wang Fang", number, "gold", "agent1");
        try (Browser browser = Browser.open("worklist", server.port, 1366, 768, "en")) {
            browser.login("agent1", TestServer.PASSWORD);
            browser.go("/console");
            browser.waitForText(By.id("link"), "live");

            // The customer calls; once the call has ended, the agent calls them back from the caller's card.
            Http agent1 = Http.as("agent1");
            Phones.state(agent1, "available");
            Phones.call(number, "service");
            browser.waitForText(By.id("pop-name"), "Wang Fang");
            Await.until("the inbound call ended", Duration.ofSeconds(15), () -> !Phones.sim().device("PJSIP/1001").inUse());
            Phones.state(agent1, "offline");
            WebElement popCall = browser.find(By.id("pop-call"));
            popCall.click();
            textOnceItHas(browser, "#pop-call + .call-status", "Connected");
            browser.shot("called-back-from-the-pop");
            Await.until("the call from the pop ended", Duration.ofSeconds(15), () -> !Phones.sim().device("PJSIP/1001").inUse());

            Phones.call(number, "callback");
            Await.until("the hotline took the callback request", Duration.ofSeconds(15), () -> callbackOf(number) != null);
            long callback = callbackOf(number).getLong("id");
            browser.find(By.id("worklist-refresh")).click();
            String rowCss = "#wl-callbacks tr[data-callback='" + callback + "']";
            String row = textOnceItHas(browser, rowCss, "Wang Fang");
            assertTrue(row.toLowerCase(java.util.Locale.ROOT).contains("gold"), row);
            assertTrue(row.contains("service"), "the queue the caller would have waited in: " + row);
            scrollTo(browser, rowCss);
            browser.shot("callback-on-the-work-list");

            // A refresh leaves a row that reads as before in place (the same element), so it takes no focus or
            // status from under the agent; only what changed is drawn again.
            browser.script("document.querySelector(arguments[0]).calldeskKept = true", rowCss);
            String loaded = browser.find(By.id("worklist")).getDomAttribute("data-loaded");
            // the list was scrolled to the row: the button must come out from under the sticky state bar first
            scrollTo(browser, "#worklist-refresh");
            browser.click(By.id("worklist-refresh"));
            Await.until("the work list loaded again", Duration.ofSeconds(10),
                    () -> !loaded.equals(browser.find(By.id("worklist")).getDomAttribute("data-loaded")));
            assertEquals(Boolean.TRUE, browser.script("return document.querySelector(arguments[0]).calldeskKept === true", rowCss),
                    "the unchanged callback row was drawn anew");

            // The list is drawn again when a live message comes in (the callback request of a managed customer is one).
            browser.click(By.cssSelector(rowCss + " button.call"));
            browser.waitForText(By.id("worklist-status"), "Connected");
            String done = textOnceItHas(browser, rowCss, "Reached");
            assertTrue(done.contains("Connected"), done);
            scrollTo(browser, rowCss);
            browser.shot("callback-connected");
            assertEquals("done", callbackOf(number).getString("status"));
            // The hotline calls of a customer agent1 manages are announced on a line of their own, so the notice
            // never takes the place of the call's outcome.
            textOnceItHas(browser, "#worklist-notice", "Wang Fang, a customer you manage, called the hotline.");
            assertTrue(browser.find(By.id("worklist-status")).getText().contains("Connected"),
                    browser.find(By.id("worklist-status")).getText());

            // The console may give the list a side column: each row then becomes a small card, nothing cut off.
            browser.script("document.getElementById('worklist').style.maxWidth = '440px'");
            Number overflow = (Number) browser.script(
                    "const w = document.getElementById('worklist'); return w.scrollWidth - w.clientWidth");
            assertEquals(0, overflow.intValue(), "the narrow work list scrolls sideways");
            scrollTo(browser, "#worklist");
            browser.shot("work-list-in-a-side-column");
            browser.script("document.getElementById('worklist').style.maxWidth = ''");

            // The callback's call has ended (the simulator talks 1.2 s) before the agent's phone is rung again.
            Await.until("agent1's phone is free", Duration.ofSeconds(15), () -> !Phones.sim().device("PJSIP/1001").inUse());
            browser.go("/customers/" + customer);
            WebElement call = browser.find(By.cssSelector("#customer-call button.call"));
            assertTrue(call.getText().contains(number), call.getText());
            call.click();
            textOnceItHas(browser, "#customer-call-status", "Connected");
            browser.shot("called-from-the-360-page");

            browser.go("/accounts");
            WebElement account = browser.waitForText(By.id("accounts"), "Wang Fang");
            assertTrue(account.getText().toLowerCase(java.util.Locale.ROOT).contains("gold"), account.getText());
            browser.shot("my-accounts");

            browser.find(By.id("language-switch")).click();
            textOnceItHas(browser, "h1", "负责的客户");
            browser.go("/console");
            textOnceItHas(browser, "#worklist", "回呼请求");
            textOnceItHas(browser, rowCss, "已接通");
            scrollTo(browser, "#worklist");
            browser.shot("work-list-in-chinese");
            assertTrue(browser.consoleErrors().isEmpty(), "script errors: " + browser.consoleErrors());
        }
    }
}
