package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.calldesk.platform.Config;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class SimSettingsTest extends SimTestBase {

    @Test
    @DisplayName("the telephony section of calldesk.yaml gives the simulator its defaults")
    void defaultsFromYaml() throws Exception {
        JsonObject config = await(ConfigRetriever.create(vertx, new ConfigRetrieverOptions().addStore(
            new ConfigStoreOptions().setType("file").setFormat("yaml")
                .setConfig(new JsonObject().put("path", "config/calldesk.yaml")))).getConfig());
        SimSettings s = SimSettings.from(config);
        assertEquals(5038, s.amiPort());
        assertEquals(4573, s.agiPort());
        assertEquals(List.of("service", "complaints", "vip"), s.queues().stream().map(SimSettings.QueueSpec::name).toList());
        assertEquals(15000, s.queues().get(0).timeoutMs());
        assertEquals("ringall", s.queues().get(2).strategy());
        assertEquals(0.1, s.unknownCallerShare());
        assertEquals(6.0, s.callsPerMinute());
        assertEquals(List.of("service", "complaint", "status", "callback"), List.copyOf(s.ivrMix().keySet()));
    }

    @Test
    @DisplayName("a config without the shipped defaults is refused naming the missing key, and a bad strategy is named")
    void emptyAndBadConfig() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> SimSettings.from(new JsonObject()));
        assertTrue(empty.getMessage().startsWith("config telephony: is missing"), empty.getMessage());
        JsonObject bad = Config.merge(Config.defaults(), new JsonObject().put("telephony", new JsonObject().put("queues",
            new JsonArray().add(new JsonObject().put("name", "x").put("strategy", "random")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimSettings.from(bad));
        assertEquals("telephony.queues[0].strategy must be ringall or leastrecent, not random", e.getMessage());
    }

    @Test
    @DisplayName("the simulator deploys as a verticle from the whole calldesk config and listens for AMI")
    void deploysAsVerticle() throws Exception {
        JsonObject config = SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("service", "ringall", 5, 1));
        SimulatorVerticle verticle = new SimulatorVerticle();
        String id = await(vertx.deployVerticle(verticle, new io.vertx.core.DeploymentOptions().setConfig(config)));
        try (RawAmi ami = new RawAmi(verticle.simulator().amiPort()).login()) {
            assertEquals("Asterisk Call Manager/11.0.0", ami.banner);
        }
        await(vertx.undeploy(id));
    }
}
