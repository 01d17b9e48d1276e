package org.calldesk.app;

import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSettingsTest {

    private static DemoSettings demo(String agentInterface) {
        JsonObject config = Config.defaults();
        config.getJsonObject("demo").put("agent_interface", agentInterface);
        return DemoSettings.from(ConfigSection.root(config));
    }

    @Test
    @DisplayName("demo agents' phones come from demo.agent_interface: PJSIP/1001 as shipped, Local/1001@agents for a Local-channel Asterisk")
    void phonesFromConfig() {
        assertEquals("PJSIP/1001", DemoSettings.from(ConfigSection.root(Config.defaults())).interfaceOf(1));
        assertEquals("Local/1008@agents", demo("Local/{ext}@agents").interfaceOf(8));
    }

    @Test
    @DisplayName("a demo.agent_interface without {ext} would give every demo agent one phone, and is refused by name")
    void extensionRequired() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> demo("PJSIP/1001"));

        assertTrue(refused.getMessage().startsWith("config demo.agent_interface: must contain {ext}"), refused.getMessage());
    }
}
