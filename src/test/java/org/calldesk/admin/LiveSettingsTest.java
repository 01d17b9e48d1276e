package org.calldesk.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.calldesk.platform.Config;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.LiveList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The overlay read as the start-up reads the YAML, and the live lists the features hold. */
class LiveSettingsTest {

    @Test
    @DisplayName("a live list's holders see the new names at once; a list that is not live cannot be changed")
    void liveList() {
        List<String> held = LiveList.of(List.of("break", "lunch"));
        LiveList.replace(held, List.of("break", "fire drill"));
        assertEquals(List.of("break", "fire drill"), held);
        assertEquals(true, held.contains("fire drill"));
        assertEquals(List.of("break", "fire drill"), new ArrayList<>(held));
        assertThrows(IllegalStateException.class, () -> LiveList.replace(List.of("a"), List.of("b")));
    }

    @Test
    @DisplayName("the shipped configuration reads; a target's bad duration is named by its own key")
    void readsAndNamesTheKey() {
        JsonObject config = Config.load(null, Map.of());
        LiveSettings.Read read = LiveSettings.read(config);
        assertEquals(List.of("break", "lunch", "training", "meeting", "coaching"), List.copyOf(read.pauseReasons()));

        config.getJsonObject("sla").getJsonObject("targets").put("high",
                new JsonObject().put("calendar", "business").put("first_response", "soon").put("resolution", "8h"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LiveSettings.read(config));
        Invalid invalid = LiveSettings.invalid("sla.targets.high", refused);
        assertEquals(List.of("first_response"), invalid.fields());
    }

    @Test
    @DisplayName("an empty list is refused by the same rule as in the file")
    void emptyListRefused() {
        JsonObject config = Config.load(null, Map.of());
        config.getJsonObject("calls").put("dispositions", new JsonArray());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LiveSettings.read(config));
        assertEquals(List.of("dispositions"), LiveSettings.invalid("calls.dispositions", refused).fields());
    }

    @Test
    @DisplayName("the audit page shows only what changed in an account, key by key")
    void changesKeyByKey() {
        JsonObject before = new JsonObject().put("role", "agent").put("team", "A").put("queues", new JsonArray().add("service"));
        JsonObject after = before.copy().put("role", "supervisor").put("queues", new JsonArray().add("service").add("vip"));
        assertEquals(List.of("queues: service → service, vip", "role: agent → supervisor"),
                SettingsPages.changes(before, after));
        assertEquals(List.of(), SettingsPages.changes(null, after));
    }
}
