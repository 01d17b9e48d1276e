package org.calldesk.app;

import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files of README's "Running several nodes" (config/examples) agree with each other: each node file loads with the
 * settings {@code services} prints, the nodes differ where they must, and the balancers send to the nodes' ports.
 */
class ExampleConfigTest {

    private static final Path EXAMPLES = Path.of("config", "examples");
    private static final Map<String, String> SERVICES = Map.of(
            "CALLDESK_DATABASE_URL", "postgresql://127.0.0.1:15432/postgres", "CALLDESK_DATABASE_USER", "calldesk",
            "CALLDESK_DATABASE_PASSWORD", "secret", "CALLDESK_REDIS_URL", "redis://:secret@127.0.0.1:16379",
            "CALLDESK_TELEPHONY_AGI_SECRET", "local-cluster-secret-0123456789");

    @Test
    @DisplayName("node1..3.yaml load with the services' settings, each with its own ports and data, all in one cluster")
    void nodesAgree() throws Exception {
        Set<Object> httpPorts = new HashSet<>();
        Set<Object> agiPorts = new HashSet<>();
        Set<Object> dataDirs = new HashSet<>();
        List<String> members = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            JsonObject config = Config.load(EXAMPLES.resolve("node" + n + ".yaml"), SERVICES);
            Settings settings = Settings.from(config);
            assertEquals("asterisk", settings.telephony().mode().toString().toLowerCase(java.util.Locale.ROOT));
            assertTrue(!settings.database().embedded() && !settings.redis().embedded(), "shared PostgreSQL and Redis");
            httpPorts.add(settings.http().port());
            agiPorts.add(settings.telephony().agiPort());
            dataDirs.add(settings.data().dir());
            JsonObject cluster = config.getJsonObject("cluster");
            assertEquals(true, cluster.getBoolean("enabled"));
            String self = cluster.getString("host") + ":" + cluster.getValue("port");
            List<String> listed = cluster.getJsonArray("members").getList();
            assertTrue(listed.contains(self), "node" + n + " is among the members: " + listed);
            if (members.isEmpty()) {
                members.addAll(listed);
            }
            assertEquals(members, listed, "the same members on every node");
        }
        assertEquals(3, httpPorts.size());
        assertEquals(3, agiPorts.size());
        assertEquals(3, dataDirs.size());

        String haproxy = Files.readString(EXAMPLES.resolve("haproxy.cfg"));
        String nginx = Files.readString(EXAMPLES.resolve("nginx.conf"));
        for (Object port : httpPorts) {
            assertTrue(haproxy.contains("127.0.0.1:" + port + " check") && nginx.contains("server 127.0.0.1:" + port + " "),
                    "both balancers send HTTP to " + port);
        }
        for (Object port : agiPorts) {
            assertTrue(haproxy.contains("127.0.0.1:" + port + " check") && nginx.contains("server 127.0.0.1:" + port + " "),
                    "both balancers send FastAGI to " + port);
        }
    }
}
