package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.calldesk.platform.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * telephony/asterisk/queues.conf and {@code telephony.queues} of the shipped calldesk.yaml describe the same three
 * queues: Asterisk runs the first, calldesk's boards and the simulator read the second. They drift apart silently
 * (an agent in vip and service was offered a bronze service caller first while queues.conf had no weights), so
 * every setting found in both is compared here.
 */
class QueuesConfTest {

    /** queues.conf key → the calldesk.yaml key of the same setting; keep in step with queues.conf's header. */
    private static final Map<String, String> SAME_SETTING = Map.of(
        "strategy", "strategy",
        "timeout", "timeout_s",
        "retry", "retry_s",
        "wrapuptime", "wrapup_s",
        "servicelevel", "service_level_s",
        "weight", "weight",
        "maxlen", "maxlen");

    /** calldesk.yaml queue keys that have no single queues.conf key: the section name, and members (lines). */
    private static final Set<String> NOT_A_SETTING = Set.of("name", "members");

    private static List<AsteriskConf.Section> sections;
    private static Map<String, Map<String, String>> asterisk;
    private static Map<String, JsonObject> calldesk;
    private static JsonObject routing;

    @BeforeAll
    static void read() throws IOException {
        sections = AsteriskConf.read("queues.conf");
        asterisk = new LinkedHashMap<>();
        for (AsteriskConf.Section s : sections) {
            if (!s.template() && !s.name().equals("general")) {
                asterisk.put(s.name(), AsteriskConf.resolved(sections, s));
            }
        }
        // The class path copy of config/calldesk.yaml: what the server and the simulator start from.
        JsonObject config = Config.defaults();
        calldesk = new LinkedHashMap<>();
        config.getJsonObject("telephony").getJsonArray("queues").forEach(q ->
            calldesk.put(((JsonObject) q).getString("name"), (JsonObject) q));
        routing = config.getJsonObject("routing");
    }

    @Test
    @DisplayName("queues.conf has exactly the queues of telephony.queues in calldesk.yaml")
    void sameQueues() {
        assertEquals(new TreeSet<>(calldesk.keySet()), new TreeSet<>(asterisk.keySet()));
    }

    @Test
    @DisplayName("each queue's strategy, timeout, retry, wrap-up, service level, weight and maxlen are the same in both files")
    void sameSettings() {
        List<String> differences = new ArrayList<>();
        calldesk.forEach((name, yaml) -> {
            Map<String, String> conf = asterisk.getOrDefault(name, Map.of());
            SAME_SETTING.forEach((confKey, yamlKey) -> {
                String there = conf.get(confKey);
                Object here = yaml.getValue(yamlKey);
                if (there == null) {
                    differences.add("[" + name + "] has no " + confKey + " in queues.conf (Asterisk's default would apply); calldesk.yaml says " + yamlKey + ": " + here);
                } else if (!same(here, there)) {
                    differences.add("[" + name + "] " + confKey + " = " + there + " in queues.conf, but " + yamlKey + ": " + here + " in calldesk.yaml");
                }
            });
        });
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    @Test
    @DisplayName("every queue setting in calldesk.yaml is one this test compares: a new one needs its queues.conf key here")
    void everySettingCompared() {
        Set<String> keys = new TreeSet<>();
        calldesk.values().forEach(q -> keys.addAll(q.fieldNames()));
        keys.removeAll(NOT_A_SETTING);
        keys.removeAll(SAME_SETTING.values());
        assertEquals(Set.of(), keys, "calldesk.yaml queue keys with no queues.conf counterpart in SAME_SETTING");
    }

    @Test
    @DisplayName("neither file has static queue members: agents join by QueueAdd at login")
    void noStaticMembers() {
        calldesk.forEach((name, q) -> assertTrue(q.getJsonArray("members").isEmpty(), name + " has members in calldesk.yaml"));
        for (AsteriskConf.Section s : sections) {
            s.lines().stream().filter(l -> l.key().equals("member")).findFirst().ifPresent(l -> {
                throw new AssertionError("queues.conf line " + l.number() + " is a static member of [" + s.name() + "]");
            });
        }
    }

    @Test
    @DisplayName("every queue the route script can answer with is in queues.conf")
    void routedQueuesExist() {
        Set<String> routed = new TreeSet<>();
        routing.getJsonObject("queues").forEach(e -> routed.add((String) e.getValue()));
        String vip = routing.getString("vip_queue");
        if (vip != null && !vip.isBlank()) {
            routed.add(vip);
        }
        routed.removeAll(asterisk.keySet());
        assertEquals(Set.of(), routed, "queues in routing.queues / routing.vip_queue that Asterisk does not have");
    }

    @Test
    @DisplayName("the key customers' queue outweighs every other, and the complaint queue outweighs the service queue")
    void weightsFollowValue() {
        Map<String, Integer> weight = new LinkedHashMap<>();
        asterisk.forEach((name, conf) -> weight.put(name, Integer.parseInt(conf.getOrDefault("weight", "0"))));
        String vip = routing.getString("vip_queue");
        if (vip != null && !vip.isBlank()) {
            weight.forEach((name, w) -> assertTrue(name.equals(vip) || w < weight.get(vip),
                vip + " (weight " + weight.get(vip) + ") must outweigh " + name + " (weight " + w + ")"));
        }
        String complaints = routing.getJsonObject("queues").getString("complaint");
        String service = routing.getJsonObject("queues").getString("service");
        assertTrue(weight.get(complaints) > weight.get(service),
            complaints + " (weight " + weight.get(complaints) + ") must outweigh " + service + " (weight " + weight.get(service) + ")");
    }

    // Asterisk reads whole numbers; calldesk.yaml may write 15 or 15.0 for the same setting.
    private static boolean same(Object yaml, String conf) {
        if (yaml instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).compareTo(new BigDecimal(conf)) == 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        return String.valueOf(yaml).equals(conf);
    }
}
