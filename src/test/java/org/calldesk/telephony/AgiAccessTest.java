package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.calldesk.platform.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AgiAccessTest {

    private static final String SECRET = "a-secret-of-24-characters";

    @Test
    @DisplayName("as shipped, FastAGI takes connections from this host only, and the simulator needs no configured secret")
    void shippedDefaults() throws UnknownHostException {
        AgiAccess access = TelephonyConfig.from(Config.defaults()).agiAccess();

        assertTrue(access.admits(InetAddress.getByName("127.0.0.1")));
        assertTrue(access.admits(InetAddress.getByName("::1")));
        assertFalse(access.admits(InetAddress.getByName("10.0.0.5")));
        assertEquals("", access.secret());
        assertFalse(access.secretMatches(""), "an unset secret matches nothing, not the empty string");
    }

    @Test
    @DisplayName("a real PBX without a secret, with the shipped placeholder or with a short one stops start-up, naming the key")
    void asteriskNeedsARealSecret() {
        for (String secret : new String[] {"", "CHANGE-ME-to-the-secret-in-calldesk-yaml", "short", "has,comma-in-it-xxxx"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.from(config("asterisk", new JsonArray().add("127.0.0.1"), secret)), secret);
            assertTrue(e.getMessage().startsWith("config telephony.agi.secret: "), e.getMessage());
        }
        assertEquals(SECRET, TelephonyConfig.from(config("asterisk", new JsonArray().add("127.0.0.1"), SECRET))
            .agiAccess().secret());
    }

    @Test
    @DisplayName("allow takes addresses and CIDR blocks of either family, and no host names")
    void allowList() throws UnknownHostException {
        AgiAccess access = TelephonyConfig.from(config("asterisk",
            new JsonArray().add("10.1.2.0/24").add("192.0.2.7").add("fd00::/8"), SECRET)).agiAccess();

        assertTrue(access.admits(InetAddress.getByName("10.1.2.200")));
        assertFalse(access.admits(InetAddress.getByName("10.1.3.1")));
        assertTrue(access.admits(InetAddress.getByName("192.0.2.7")));
        assertFalse(access.admits(InetAddress.getByName("192.0.2.8")));
        assertTrue(access.admits(InetAddress.getByName("fd12::1")));
        assertFalse(access.admits(InetAddress.getByName("127.0.0.1")));
        for (String bad : new String[] {"pbx.example.com", "10.0.0.0/33", "10.0.0.0/x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.from(config("asterisk", new JsonArray().add(bad), SECRET)), bad);
            assertTrue(e.getMessage().startsWith("config telephony.agi.allow: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TelephonyConfig.from(config("asterisk", new JsonArray(), SECRET)));
    }

    @Test
    @DisplayName("the secret is compared whole and never shows in the logged configuration")
    void secretKeptQuiet() {
        TelephonyConfig cfg = TelephonyConfig.from(config("asterisk", new JsonArray().add("127.0.0.1"), SECRET));

        assertTrue(cfg.agiAccess().secretMatches(SECRET));
        assertFalse(cfg.agiAccess().secretMatches(SECRET + "x"));
        assertFalse(cfg.agiAccess().secretMatches(SECRET.substring(1)));
        assertFalse(cfg.agiAccess().secretMatches(null));
        assertFalse(cfg.toString().contains(SECRET), cfg.toString());
    }

    private static JsonObject config(String mode, JsonArray allow, String secret) {
        return Config.merge(Config.defaults(), new JsonObject().put("telephony", new JsonObject().put("mode", mode)
            .put("agi", new JsonObject().put("allow", allow).put("secret", secret))));
    }
}
