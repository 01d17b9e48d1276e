package org.calldesk.browser;

import org.calldesk.TestServer;
import org.calldesk.testing.Browser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interface language in a real browser: taken from the browser before login, chosen per user, kept at the next login. */
@ServerTest
class LanguageBrowserTest {

    /** A language chosen here is kept with a shared test user: forgotten again so later tests read English. */
    @org.junit.jupiter.api.AfterEach
    void forgetChosenLanguages() {
        org.calldesk.TestServer.get().forgetLanguages();
    }

    @Test
    void aChineseBrowserGetsChineseAndAUsersChoiceFollowsThemToTheNextLogin() {
        TestServer server = TestServer.get();
        try (Browser browser = Browser.open("language", server.port, 1366, 768, "zh-CN,zh")) {
            browser.go("/login");
            assertEquals("登录 calldesk", browser.find(By.tagName("h1")).getText());
            assertEquals("zh-CN", browser.find(By.tagName("html")).getAttribute("lang"));
            browser.shot("login-in-chinese");

            browser.login("supervisor", TestServer.PASSWORD);
            browser.waitForText(By.cssSelector("header nav"), "投诉看板");
            // Chosen in the top bar: the user's own choice, above what the browser asks for.
            browser.find(By.id("language-switch")).click();
            browser.waitForText(By.cssSelector("header nav"), "Complaint board");
            assertEquals("en", browser.find(By.tagName("html")).getAttribute("lang"));
            browser.shot("switched-to-english");
            // Scripts read the same language from the page.
            assertEquals("Your session has ended. Log in again to go on.",
                    browser.script("return I18n.t('js.common.sessionEnded')"));
            browser.logout();
            browser.driver().manage().deleteAllCookies();

            // A new browser session (no cookie): the choice was kept with the user, not only in this browser.
            browser.login("supervisor", TestServer.PASSWORD);
            browser.waitForText(By.cssSelector("header nav"), "Complaint board");
            browser.find(By.id("language-switch")).click();
            browser.waitForText(By.cssSelector("header nav"), "投诉看板");
            browser.shot("back-to-chinese");
            assertTrue(browser.consoleErrors().isEmpty(), "script errors: " + browser.consoleErrors());
        }
    }
}
