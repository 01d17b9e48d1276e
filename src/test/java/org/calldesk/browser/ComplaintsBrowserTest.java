package org.calldesk.browser;

import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complaints and customers in a real browser (issue 12): pickers, SLA in words at 1366 and 1920 wide, a customer edit. */
@ServerTest
class ComplaintsBrowserTest {

    /** A language chosen here is kept with a shared test user: forgotten again so later tests read English. */
    @org.junit.jupiter.api.AfterEach
    void forgetChosenLanguages() {
        org.calldesk.TestServer.get().forgetLanguages();
    }

    @Test
    @DisplayName("an agent logs a complaint with the pickers, reads its SLA in words at 1366 px, edits the customer and sees the change log")
    void complaintAndCustomer() {
        TestServer server = TestServer.get();
        var created = Http.as("agent1").post("/api/customers", new JsonObject().put("name", "林美华")
                .put("phone", "+86 137 6600 4411"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        long customerId = created.bodyAsJsonObject().getLong("id");

        try (Browser browser = Browser.open("complaints", server.port, 1366, 768, "en-US")) {
            browser.login("agent1", TestServer.PASSWORD);
            browser.go("/complaints/new");
            // the customer picker: pinyin typed, chosen with the keyboard
            WebElement customer = browser.find(By.id("customer-text"));
            customer.sendKeys("linmei");
            browser.waitForText(By.cssSelector("#new-complaint .picker-list"), "林美华");
            browser.shot("customer-picker");
            customer.sendKeys(Keys.ARROW_DOWN);
            customer.sendKeys(Keys.ENTER);
            assertEquals(String.valueOf(customerId), browser.script("return document.querySelector('[name=customerId]').value"));
            browser.find(By.name("severity")).sendKeys("high");
            browser.find(By.name("subject")).sendKeys("Parcel left in the rain");
            browser.find(By.name("description")).sendKeys("The courier left the parcel outside; it was soaked.");
            browser.shot("complaint-form-filled");
            browser.find(By.cssSelector("#new-complaint button[type=submit]")).click();
            browser.until(d -> d.getCurrentUrl().matches(".*/complaints/[0-9]+$"));

            WebElement first = browser.waitForText(By.cssSelector("#sla-first .sla-bar-text"), "due in");
            assertFalse(first.getText().contains("%"), first.getText());
            WebElement bar = browser.find(By.cssSelector("#sla-first .sla-bar"));
            assertTrue(bar.getSize().getWidth() >= 200, "the first-response bar is " + bar.getSize().getWidth() + " px wide at 1366");
            assertTrue(browser.find(By.cssSelector("#sla-resolution .sla-bar")).getSize().getWidth() >= 200);
            assertTrue(browser.find(By.cssSelector("#sla-resolution .sla-bar-text")).getText().startsWith("due in"));
            browser.shot("complaint-sla-1366");

            // answered: the first response reads "met at hh:mm"
            browser.find(By.cssSelector("form[data-action=transitions] button[value=acknowledged]")).click();
            browser.waitForText(By.cssSelector("#sla-first .sla-bar-text"), "met at");
            browser.driver().manage().window().setSize(new Dimension(1920, 1080));
            assertTrue(browser.find(By.cssSelector("#sla-resolution .sla-bar")).getSize().getWidth() >= 300);
            browser.shot("complaint-sla-met-1920");

            // the 360° page: the open complaint counts down the same way; then an edit with its reason
            browser.driver().manage().window().setSize(new Dimension(1366, 768));
            browser.go("/customers/" + customerId);
            browser.waitForText(By.cssSelector(".complaints-open .countdown"), "due in");
            browser.find(By.cssSelector("#edit-customer summary")).click();
            WebElement name = browser.find(By.cssSelector("#customer-edit [name=name]"));
            name.clear();
            name.sendKeys("林美华 (Lin Meihua)");
            WebElement manager = browser.find(By.id("am-text"));
            manager.sendKeys("agent2");
            browser.waitForText(By.cssSelector("#customer-edit .picker-list"), "agent2");
            manager.sendKeys(Keys.ARROW_DOWN);
            manager.sendKeys(Keys.ENTER);
            browser.find(By.cssSelector("#customer-edit [name=doNotCall]")).click();
            browser.find(By.cssSelector("#customer-edit [name=reason]")).sendKeys("asked on the phone to stop sales calls");
            browser.shot("customer-edit-form");
            browser.find(By.cssSelector("#customer-edit button[type=submit]")).click();
            WebElement log = browser.waitForText(By.id("change-log"), "asked on the phone to stop sales calls");
            assertTrue(log.getText().contains("agent1"), log.getText());
            assertTrue(log.getText().contains("林美华 → 林美华 (Lin Meihua)"), log.getText());
            assertTrue(browser.find(By.id("account-manager")).getText().contains("agent2"));
            assertTrue(browser.find(By.id("dnc-badge")).isDisplayed());
            browser.shot("customer-change-log");
            browser.script("window.scrollTo(0, 0)");
            browser.shot("customer-360-top");

            // the list with its filters, at the same width
            browser.go("/complaints?severity=high");
            browser.waitForText(By.id("complaint-list"), "Parcel left in the rain");
            browser.shot("complaint-list-filtered");

            // the same words in Chinese
            browser.find(By.id("language-switch")).click();
            browser.waitForText(By.cssSelector("#complaint-list"), "后到期");
            browser.shot("complaint-list-chinese");
            // Other tests' complaints share the list: this test's own, by its subject.
            browser.find(By.linkText("Parcel left in the rain")).click();
            browser.waitForText(By.cssSelector("#sla-first .sla-bar-text"), "达成");
            browser.shot("complaint-sla-chinese");
            browser.find(By.id("language-switch")).click();
            browser.waitForText(By.cssSelector("#sla-first .sla-bar-text"), "met at");
            String complaintPage = browser.driver().getCurrentUrl();

            // a supervisor hands it over with the owner picker: a name typed, chosen with the keyboard
            browser.logout();
            browser.login("supervisor", TestServer.PASSWORD);
            browser.driver().get(complaintPage);
            WebElement owner = browser.find(By.id("owner-text"));
            owner.sendKeys("Agent Tw");
            browser.waitForText(By.cssSelector("form[data-action=assign] .picker-list"), "agent2");
            owner.sendKeys(Keys.ARROW_DOWN);
            owner.sendKeys(Keys.ENTER);
            browser.shot("owner-picker");
            browser.find(By.cssSelector("form[data-action=assign] button[type=submit]")).click();
            browser.waitForText(By.id("owner"), "agent2");
            browser.shot("reassigned");
            assertTrue(browser.consoleErrors().isEmpty(), "script errors: " + browser.consoleErrors());
        }
    }
}
