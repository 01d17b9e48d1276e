package org.calldesk.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.ConfigSection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest {

    private static ClusterSettings settings(JsonObject cluster) {
        JsonObject shipped = org.calldesk.platform.Config.defaults();
        return ClusterSettings.from(ConfigSection.root(org.calldesk.platform.Config.merge(shipped,
                new JsonObject().put("cluster", cluster))));
    }

    @Test
    @DisplayName("shipped: one node, no cluster; members are host:port and ports are TCP ports")
    void settings() {
        ClusterSettings shipped = settings(new JsonObject());
        assertFalse(shipped.enabled());
        assertEquals(List.of(), shipped.members());
        ClusterSettings three = settings(new JsonObject().put("enabled", true)
                .put("members", new JsonArray(List.of("10.0.0.5:5701", "10.0.0.6:5701", "db-2"))));
        assertEquals(List.of("10.0.0.5:5701", "10.0.0.6:5701", "db-2"), three.members());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> settings(new JsonObject().put("members", new JsonArray(List.of("10.0.0.5:5701; rm")))));
        assertTrue(bad.getMessage().contains("cluster.members"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(new JsonObject().put("port", 70000)));
        assertThrows(IllegalArgumentException.class, () -> settings(new JsonObject().put("lease_s", 0)));
    }

    @Test
    @DisplayName("Hazelcast: TCP-IP discovery of the members only, no multicast or auto-detection, phone-home off, the lease as heartbeat timeout")
    void hazelcast() {
        Config config = HazelcastConfig.of(settings(new JsonObject().put("enabled", true).put("name", "east")
                .put("host", "127.0.0.1").put("port", 5801).put("lease_s", 4)
                .put("members", new JsonArray(List.of("127.0.0.1:5801", "127.0.0.1:5802")))));
        assertEquals("east", config.getClusterName());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("4", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("127.0.0.1", config.getProperty("hazelcast.local.localAddress"));
        assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
        assertEquals(5801, config.getNetworkConfig().getPort());
        assertFalse(config.getNetworkConfig().isPortAutoIncrement());
        assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertFalse(config.getJetConfig().isEnabled());
        assertFalse(config.getMetricsConfig().isEnabled(), "Hazelcast's metrics gathering, which nothing reads");
    }

    @Test
    @DisplayName("quorum: 0 = a majority of 3 members or more, else 1; set, it is kept; negative, or more than the members listed, is refused")
    void quorum() {
        assertEquals(0, settings(new JsonObject()).quorum());
        assertEquals(1, settings(new JsonObject()).quorumNeeded(), "no members listed: a node alone works as before");
        assertEquals(1, withMembers(1, 0).quorumNeeded());
        assertEquals(1, withMembers(2, 0).quorumNeeded(), "a pair keeps working when one dies");
        assertEquals(2, withMembers(3, 0).quorumNeeded());
        assertEquals(3, withMembers(4, 0).quorumNeeded());
        assertEquals(3, withMembers(5, 0).quorumNeeded());
        assertEquals(4, withMembers(7, 0).quorumNeeded());
        assertEquals(2, withMembers(2, 2).quorumNeeded(), "a pair may ask for both");
        assertEquals(3, withMembers(5, 3).quorumNeeded());
        assertEquals(1, withMembers(3, 1).quorumNeeded(), "1: no fencing, as before");
        assertEquals(4, settings(new JsonObject().put("quorum", 4)).quorumNeeded(), "no members listed: not checked against them");
        for (int n = 3; n <= 9; n++) {
            assertEquals(n / 2 + 1, ClusterSettings.majority(n));
            assertTrue(2 * ClusterSettings.majority(n) > n, "two sides of a split cannot both have " + n + "'s majority");
        }

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> withMembers(3, -1));
        assertTrue(negative.getMessage().contains("cluster.quorum") && negative.getMessage().contains("-1"), negative.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> withMembers(3, 4));
        assertTrue(tooMany.getMessage().contains("cluster.quorum") && tooMany.getMessage().contains("lists only 3"),
                tooMany.getMessage());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> settings(new JsonObject().put("quorum", "most")));
        assertTrue(notANumber.getMessage().contains("cluster.quorum"), notANumber.getMessage());
    }

    private static ClusterSettings withMembers(int members, int quorum) {
        JsonArray listed = new JsonArray();
        for (int i = 0; i < members; i++) {
            listed.add("10.0.0." + (i + 5) + ":5701");
        }
        return settings(new JsonObject().put("enabled", true).put("members", listed).put("quorum", quorum));
    }
}
