package org.calldesk.browser;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An administrator's work in a real browser, and what it makes possible for the people they set up. */
@ServerTest
class AdminBrowserTest {

    /** A language chosen here is kept with a shared test user: forgotten again so later tests read English. */
    @org.junit.jupiter.api.AfterEach
    void forgetChosenLanguages() {
        org.calldesk.TestServer.get().forgetLanguages();
    }

    @Test
    @DisplayName("an admin creates an agent with a phone and a queue in the browser; the agent logs in, goes available and takes a call")
    void adminCreatesAnAgentWhoTakesACall() {
        TestServer server = TestServer.get();
        int n = ThreadLocalRandom.current().nextInt(100, 999);
        String username = "browser" + n;
        String phone = "PJSIP/7" + n;
        String callerDigits = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Http admin = Http.as("admin");
        assertEquals(200, admin.postText("/api/customers/import", "BRW-" + callerDigits + ",Zhou Min 周敏,+86" + callerDigits
                + ",,5000,100,,,\n").statusCode());
        // Whoever else other tests left in the queues leaves them, so that the call can only ring the new agent.
        for (var status : server.server.presence().all()) {
            if (status.loggedIn() && status.queues().contains("service")) {
                server.server.agentLines().byInterface(status.iface())
                        .ifPresent(line -> TestServer.await(server.server.presence().loggedOut(line)));
            }
        }

        try (Browser browser = Browser.open("admin", server.port, 1366, 900, "en-US")) {
            browser.login("admin", TestServer.PASSWORD);
            browser.find(By.id("nav-admin")).click();
            browser.waitForText(By.tagName("h1"), "Administration");
            browser.shot("admin-home");

            browser.find(By.cssSelector(".admin-nav a[href='/admin/agents']")).click();
            WebElement form = browser.find(By.id("new-agent"));
            form.findElement(By.name("username")).sendKeys(username);
            form.findElement(By.name("displayName")).sendKeys("Browser Agent " + n);
            new Select(form.findElement(By.name("role"))).selectByValue("agent");
            form.findElement(By.name("password")).sendKeys("short");
            form.findElement(By.name("team")).sendKeys("B");
            form.findElement(By.name("interface")).sendKeys("my desk phone");
            form.findElement(By.id("new-agent-queue-service")).click();
            form.findElement(By.cssSelector("button[type=submit]")).click();
            // Each field at fault is marked and says what is wrong; nothing was created.
            browser.waitForText(By.id("new-agent-interface-error"), "PJSIP/1001");
            assertFalse(browser.find(By.id("new-agent-password-error")).getText().isBlank());
            assertEquals("true", form.findElement(By.name("interface")).getAttribute("aria-invalid"));
            browser.shot("create-refused-by-field");

            form.findElement(By.name("password")).clear();
            form.findElement(By.name("password")).sendKeys(TestServer.PASSWORD);
            form.findElement(By.name("interface")).clear();
            form.findElement(By.name("interface")).sendKeys(phone);
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.until(d -> d.getCurrentUrl().contains("/admin/agents/") && d.getCurrentUrl().contains("created=1"));
            assertEquals(phone, browser.find(By.id("edit-agent-interface")).getAttribute("value"));
            assertTrue(browser.find(By.id("edit-agent-queue-service")).isSelected());
            assertFalse(browser.find(By.id("edit-agent-queue-vip")).isSelected());
            browser.shot("agent-created");
            browser.find(By.id("edit-agent-team")).clear();
            browser.find(By.id("edit-agent-team")).sendKeys("C");
            browser.find(By.cssSelector("#edit-agent button[type=submit]")).click();
            browser.until(d -> d.getCurrentUrl().contains("saved=edit-agent"));
            browser.waitForText(By.cssSelector("#edit-agent .form-status"), "Saved");
            assertEquals("C", browser.find(By.id("edit-agent-team")).getAttribute("value"));

            browser.find(By.cssSelector(".admin-nav a[href='/admin/audit']")).click();
            browser.waitForText(By.id("audit"), "team: B → C");
            browser.shot("audit-trail");
            browser.logout();

            browser.login(username, TestServer.PASSWORD);
            browser.go("/console");
            browser.waitFor(By.cssSelector("#link.link-up"));
            browser.find(By.id("go-available")).click();
            browser.waitForText(By.id("state-pill"), "Available");
            browser.shot("new-agent-available");

            HttpResponse<Buffer> placed = Http.as("supervisor").post("/api/sim/calls",
                    new JsonObject().put("from", "+86" + callerDigits).put("ivr", "service"));
            assertEquals(201, placed.statusCode(), placed.bodyAsString());
            browser.waitFor(By.id("pop-card"));
            browser.waitForText(By.id("pop-name"), "Zhou Min");
            assertTrue(browser.find(By.id("pop-number")).getText().contains(callerDigits.substring(3)),
                    browser.find(By.id("pop-number")).getText());
            browser.shot("call-popped");
            browser.find(By.id("go-offline")).click();
            browser.waitForText(By.id("state-pill"), "Offline");
            assertNoScriptErrors(browser);
        }
    }

    @Test
    @DisplayName("an admin adds a pause reason and a holiday on the admin pages in Chinese; a bad value is marked beside its field")
    void settingsPagesInChinese() {
        TestServer server = TestServer.get();
        try (Browser browser = Browser.open("admin-settings", server.port, 1366, 900, "zh-CN,zh")) {
            browser.login("admin", TestServer.PASSWORD);
            browser.go("/admin/lists");
            // The admin's own choice wins over the browser's; another test may have left it at English.
            if (!"zh-CN".equals(browser.find(By.tagName("html")).getAttribute("lang"))) {
                browser.find(By.id("language-switch")).click();
                browser.waitForText(By.tagName("h1"), "选项列表");
            }
            assertEquals("选项列表", browser.find(By.tagName("h1")).getText());
            WebElement reasons = browser.find(By.id("list-pause-reasons-values"));
            reasons.sendKeys("\n<bad>");
            browser.find(By.cssSelector("#list-pause-reasons button[type=submit]")).click();
            browser.waitForText(By.id("list-pause-reasons-values-error"), "“<bad>”不可用");
            browser.shot("list-refused-in-chinese");
            try {
                reasons.clear();
                reasons.sendKeys("break\nlunch\n培训");
                browser.find(By.cssSelector("#list-pause-reasons button[type=submit]")).click();
                browser.waitFor(By.cssSelector("#list-pause-reasons-heading .badge-changed"));
                assertTrue(server.server.settings().agents().pauseReasons().contains("培训"));
                browser.shot("list-saved");
            } finally {
                Http.as("admin").send(io.vertx.core.http.HttpMethod.DELETE, "/api/admin/lists/pause-reasons", null);
            }

            browser.go("/admin/sla");
            browser.find(By.id("sla-high-first_response")).clear();
            browser.find(By.id("sla-high-first_response")).sendKeys("soon");
            browser.find(By.cssSelector("#sla-high button[type=submit]")).click();
            browser.waitForText(By.id("sla-high-first_response-error"), "30m");
            browser.shot("sla-refused");

            browser.go("/admin/calendars");
            browser.find(By.id("cal-business")).isDisplayed();
            browser.shot("calendars");
            browser.go("/admin/agents");
            browser.waitForText(By.tagName("h1"), "坐席");
            browser.shot("agents-in-chinese");
            browser.go("/admin/audit");
            browser.waitForText(By.id("audit"), "pause-reasons");
            browser.shot("audit-in-chinese");
            browser.go("/admin/import");
            browser.shot("import-page");
            assertNoScriptErrors(browser);
            browser.find(By.id("language-switch")).click();
            browser.waitForText(By.tagName("h1"), "Import customers");
        }
    }

    @Test
    @DisplayName("the import page offers a sample file, runs it dry without writing, then imports it, with the button disabled while it runs")
    void importDryRunThenImport() throws Exception {
        TestServer server = TestServer.get();
        io.vertx.core.buffer.Buffer english = io.vertx.core.buffer.Buffer.buffer(new JsonObject().put("language", "en").encode());
        TestServer.await(Http.as("admin").send(io.vertx.core.http.HttpMethod.PUT, "/api/me/language", english));
        try (Browser browser = Browser.open("admin-import", server.port, 1366, 900, "en-US")) {
            browser.login("admin", TestServer.PASSWORD);
            browser.go("/admin/import");
            String sampleUrl = browser.find(By.id("import-sample")).getAttribute("href");
            String sample = Http.as("admin").get(java.net.URI.create(sampleUrl).getPath()).bodyAsString();
            assertTrue(sample.startsWith("external_id,name,phones"), sample);
            Path file = Files.createTempFile("customers-sample", ".csv");
            Files.writeString(file, sample);

            browser.find(By.id("csv")).sendKeys(file.toAbsolutePath().toString());
            browser.find(By.id("dry-run")).click();
            // Watch the button: the page records every time it is disabled while the request runs.
            browser.script("window.__disabledSeen = false; new MutationObserver(function () {"
                    + " if (document.getElementById('import-submit').disabled) window.__disabledSeen = true; })"
                    + ".observe(document.getElementById('import-submit'), {attributes: true});");
            browser.find(By.id("import-submit")).click();
            browser.waitForText(By.id("import-result"), "Dry run");
            assertTrue(browser.find(By.id("import-result")).getText().contains("3 rows would be added"),
                    browser.find(By.id("import-result")).getText());
            assertEquals(Boolean.TRUE, browser.script("return window.__disabledSeen"));
            assertTrue(browser.find(By.id("import-submit")).isEnabled());
            browser.shot("dry-run");
            assertEquals(0, customerCount("SAMPLE-0001"), "the dry run wrote nothing");

            browser.find(By.id("dry-run")).click();
            browser.find(By.id("import-submit")).click();
            browser.waitForText(By.id("import-result"), "new,");
            assertTrue(browser.find(By.id("import-result")).getText().contains("0 rejected"),
                    browser.find(By.id("import-result")).getText());
            assertEquals(1, customerCount("SAMPLE-0001"));
            browser.shot("imported");
            assertNoScriptErrors(browser);
        }
    }

    /** The refusals the test provoked are logged by the browser as failed loads (400); anything else is a fault. */
    private static void assertNoScriptErrors(Browser browser) {
        List<String> errors = browser.consoleErrors().stream().filter(e -> !e.contains("status of 400")).toList();
        assertTrue(errors.isEmpty(), "script errors: " + errors);
    }

    private static long customerCount(String externalId) {
        return TestServer.await(TestServer.get().server.pg().preparedQuery("SELECT count(*) AS n FROM customers WHERE external_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(externalId))).iterator().next().getLong("n");
    }
}
