package org.calldesk.agents;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordRulesTest {

    private final PasswordRules rules = new PasswordRules(false);

    @Test
    @DisplayName("each refusal says what is wrong, in words a user can act on")
    void reasons() {
        assertEquals("password must have at least 12 characters", rules.problem("ada", "short-pw"));
        assertTrue(rules.problem("ada", "Monkey123456").contains("common"));
        assertTrue(rules.problem("ada", "zzzzzzzzzzzzzz").contains("repeated"));
        assertTrue(rules.problem("ada", "asdfghjklzxcvb").contains("run of keys"));
        assertEquals("password must not contain the username", rules.problem("ada.lovelace", "I am Ada.Lovelace, 1815"));
        assertTrue(rules.problem("ada", "x".repeat(PasswordRules.MAX_LENGTH + 1)).contains("at most"));
    }

    @Test
    @DisplayName("length counts characters, not UTF-16 units, and long uncommon passphrases pass")
    void accepted() {
        assertNull(rules.problem("ada", "purple elephants dance at noon"));
        assertNull(rules.problem("ada", "我的密码是一串很长的中文字符"));
        assertEquals("password must have at least 12 characters", rules.problem("ada", "😀😀😀😀😀😀"));
        assertNull(rules.problem("ad", "loading docks at dawn"), "a username too short to mean anything is not looked for");
    }

    @Test
    @DisplayName("the demo password opens an account only in demo mode")
    void demoPasswordOnlyInDemoMode() {
        assertTrue(new PasswordRules(false).refusedAtLogin(PasswordRules.DEMO_PASSWORD));
        assertFalse(new PasswordRules(true).refusedAtLogin(PasswordRules.DEMO_PASSWORD));
        assertFalse(new PasswordRules(false).refusedAtLogin("purple elephants dance at noon"));
        assertTrue(new PasswordRules(true).problem("agent1", PasswordRules.DEMO_PASSWORD) != null,
                "not even demo mode lets an account be given it by hand");
    }
}
