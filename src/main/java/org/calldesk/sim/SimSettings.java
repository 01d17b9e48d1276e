package org.calldesk.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything the switch simulator reads from the calldesk config (see the telephony: section of calldesk.yaml). */
public record SimSettings(
    int amiPort,
    String username,
    String secret,
    String agiHost,
    int agiPort,
    List<QueueSpec> queues,
    long answerAfterMs,
    long talkMsMean,
    long talkMsFixed,
    double patienceSMean,
    Map<String, Double> ivrMix,
    double unknownCallerShare,
    long seed,
    long agiTimeoutMs,
    long agentDialMs,
    double callsPerMinute) {

    /** One queue as app_queue would have it in queues.conf; times in milliseconds. */
    public record QueueSpec(String name, String strategy, long timeoutMs, long retryMs, long wrapupMs,
                            int serviceLevelS, int maxlen, List<MemberSpec> members) {}

    /** A static member: interface (dial string) and member name. */
    public record MemberSpec(String iface, String name) {}

    public static SimSettings from(JsonObject config) {
        JsonObject tel = obj(config, "telephony");
        JsonObject ami = obj(tel, "ami");
        JsonObject agi = obj(tel, "agi");
        JsonObject sim = obj(tel, "sim");
        JsonObject demo = obj(config, "demo");
        return new SimSettings(
            sim.getInteger("ami_port", 5038),
            ami.getString("username", "calldesk"),
            ami.getString("secret", "calldesk"),
            agi.getString("host", "127.0.0.1"),
            agi.getInteger("port", 4573),
            queues(tel.getJsonArray("queues")),
            sim.getLong("answer_after_ms", 2000L),
            sim.getLong("talk_ms_mean", 90000L),
            sim.getLong("talk_ms_fixed", 0L),
            sim.getNumber("patience_s_mean", 120).doubleValue(),
            ivrMix(sim.getJsonObject("ivr_mix")),
            sim.getNumber("unknown_caller_share", 0.1).doubleValue(),
            sim.getLong("seed", 42L),
            sim.getLong("agi_timeout_ms", 3000L),
            sim.getLong("agent_dial_ms", 15000L),
            demo.getNumber("calls_per_minute", 20).doubleValue());
    }

    private static JsonObject obj(JsonObject parent, String key) {
        JsonObject o = parent == null ? null : parent.getJsonObject(key);
        return o == null ? new JsonObject() : o;
    }

    private static List<QueueSpec> queues(JsonArray array) {
        List<QueueSpec> out = new ArrayList<>();
        if (array == null || array.isEmpty()) {
            for (String name : List.of("service", "complaints", "vip")) {
                out.add(new QueueSpec(name, "leastrecent", 15000, 5000, 10000, 20, 0, List.of()));
            }
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonObject q = array.getJsonObject(i);
            String strategy = q.getString("strategy", "leastrecent");
            if (!strategy.equals("ringall") && !strategy.equals("leastrecent")) {
                throw new IllegalArgumentException("telephony.queues[" + i + "].strategy must be ringall or leastrecent, not " + strategy);
            }
            out.add(new QueueSpec(
                q.getString("name"),
                strategy,
                millis(q, "timeout_s", 15),
                millis(q, "retry_s", 5),
                millis(q, "wrapup_s", 10),
                q.getInteger("service_level_s", 20),
                q.getInteger("maxlen", 0),
                members(q.getJsonArray("members"))));
        }
        return out;
    }

    private static long millis(JsonObject q, String key, double def) {
        return Math.round(q.getNumber(key, def).doubleValue() * 1000);
    }

    private static List<MemberSpec> members(JsonArray array) {
        List<MemberSpec> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (Object o : array) {
            if (o instanceof JsonObject m) {
                String iface = m.getString("interface");
                out.add(new MemberSpec(iface, m.getString("name", iface)));
            } else {
                out.add(new MemberSpec(o.toString(), o.toString()));
            }
        }
        return out;
    }

    private static Map<String, Double> ivrMix(JsonObject mix) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (mix == null || mix.isEmpty()) {
            out.put("service", 60.0);
            out.put("complaint", 25.0);
            out.put("status", 10.0);
            out.put("callback", 5.0);
            return out;
        }
        mix.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        return out;
    }
}
