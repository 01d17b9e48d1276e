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
    String agiSecret,
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
    double callsPerMinute,
    String queueLog,
    List<String> agiServers) {

    /** One queue as app_queue would have it in queues.conf; times in milliseconds. */
    public record QueueSpec(String name, String strategy, long timeoutMs, long retryMs, long wrapupMs,
                            int serviceLevelS, int weight, int maxlen, List<MemberSpec> members) {}

    /** A static member: interface (dial string) and member name. */
    public record MemberSpec(String iface, String name) {}

    /**
     * Reads the whole calldesk config, whose first layer is the shipped calldesk.yaml: every key is there, so a
     * missing one is an error naming it, never a default of the simulator's own.
     */
    public static SimSettings from(JsonObject config) {
        Keys root = new Keys(config, "");
        Keys tel = root.map("telephony");
        Keys ami = tel.map("ami");
        Keys agi = tel.map("agi");
        Keys sim = tel.map("sim");
        return new SimSettings(
            (int) sim.whole("ami_port"),
            ami.text("username"),
            ami.text("secret"),
            agi.text("host"),
            (int) agi.whole("port"),
            agi.text("secret"),
            queues(tel),
            sim.whole("answer_after_ms"),
            sim.whole("talk_ms_mean"),
            sim.whole("talk_ms_fixed"),
            sim.number("patience_s_mean"),
            ivrMix(sim.map("ivr_mix")),
            sim.number("unknown_caller_share"),
            sim.whole("seed"),
            sim.whole("agi_timeout_ms"),
            sim.whole("agent_dial_ms"),
            root.map("demo").number("calls_per_minute"),
            sim.text("queue_log"),
            List.of(agi.text("host") + ":" + agi.whole("port")));
    }

    /** The same settings with the FastAGI secret calldesk made for this run, when the config names none. */
    public SimSettings withAgiSecret(String secret) {
        return new SimSettings(amiPort, username, this.secret, agiHost, agiPort, secret, queues, answerAfterMs, talkMsMean,
            talkMsFixed, patienceSMean, ivrMix, unknownCallerShare, seed, agiTimeoutMs, agentDialMs, callsPerMinute,
            queueLog, agiServers);
    }

    /**
     * The same settings with the FastAGI servers ({@code host:port}) the dialplan tries, in turn from a different one
     * for each call, as Asterisk tries the targets of a {@code hagi://} name: several calldesk nodes without a balancer.
     */
    public SimSettings withAgiServers(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one FastAGI server is needed");
        }
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !server.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("a FastAGI server is host:port, not '" + server + "'");
            }
        }
        return new SimSettings(amiPort, username, secret, agiHost, agiPort, agiSecret, queues, answerAfterMs, talkMsMean,
            talkMsFixed, patienceSMean, ivrMix, unknownCallerShare, seed, agiTimeoutMs, agentDialMs, callsPerMinute,
            queueLog, List.copyOf(servers));
    }

    /** The same settings with these queues (their static members, say). */
    public SimSettings withQueues(List<QueueSpec> queues) {
        return new SimSettings(amiPort, username, secret, agiHost, agiPort, agiSecret, List.copyOf(queues), answerAfterMs,
            talkMsMean, talkMsFixed, patienceSMean, ivrMix, unknownCallerShare, seed, agiTimeoutMs, agentDialMs,
            callsPerMinute, queueLog, agiServers);
    }

    private static List<QueueSpec> queues(Keys tel) {
        List<QueueSpec> out = new ArrayList<>();
        List<Keys> queues = tel.entries("queues");
        for (int i = 0; i < queues.size(); i++) {
            Keys q = queues.get(i);
            String name = q.text("name");
            String strategy = q.text("strategy");
            if (!strategy.equals("ringall") && !strategy.equals("leastrecent")) {
                throw new IllegalArgumentException("telephony.queues[" + i + "].strategy must be ringall or leastrecent, not " + strategy);
            }
            out.add(new QueueSpec(
                name,
                strategy,
                Math.round(q.number("timeout_s") * 1000),
                Math.round(q.number("retry_s") * 1000),
                Math.round(q.number("wrapup_s") * 1000),
                (int) q.whole("service_level_s"),
                (int) q.whole("weight"),
                (int) q.whole("maxlen"),
                members(q.list("members"))));
        }
        return out;
    }

    // A static member is {interface, name} or just its interface.
    private static List<MemberSpec> members(JsonArray array) {
        List<MemberSpec> out = new ArrayList<>();
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

    private static Map<String, Double> ivrMix(Keys mix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String choice : mix.json.fieldNames()) {
            out.put(choice, mix.number(choice));
        }
        if (out.isEmpty()) {
            throw mix.bad("", "needs at least one menu choice");
        }
        return out;
    }

    /** The simulator's own reader: it uses nothing of calldesk, not even the platform's config reader. */
    private record Keys(JsonObject json, String path) {

        Keys map(String key) {
            if (!(need(key) instanceof JsonObject child)) {
                throw bad(key, "must be a map of keys");
            }
            return new Keys(child, pathOf(key));
        }

        List<Keys> entries(String key) {
            JsonArray array = list(key);
            List<Keys> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.getValue(i) instanceof JsonObject entry)) {
                    throw bad(key + "[" + i + "]", "must be a map of keys");
                }
                out.add(new Keys(entry, pathOf(key + "[" + i + "]")));
            }
            return out;
        }

        JsonArray list(String key) {
            if (!(need(key) instanceof JsonArray array)) {
                throw bad(key, "must be a list");
            }
            return array;
        }

        String text(String key) {
            Object value = need(key);
            return value == null ? "" : value.toString().trim();
        }

        double number(String key) {
            Object value = need(key);
            try {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw bad(key, "must be a number, got '" + value + "'");
            }
        }

        long whole(String key) {
            double value = number(key);
            if (value != Math.rint(value)) {
                throw bad(key, "must be a whole number, got " + value);
            }
            return (long) value;
        }

        private Object need(String key) {
            if (!json.containsKey(key)) {
                throw bad(key, "is missing (config/calldesk.yaml ships every key with its default)");
            }
            return json.getValue(key);
        }

        private String pathOf(String key) {
            return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
        }

        private IllegalArgumentException bad(String key, String problem) {
            return new IllegalArgumentException("config " + pathOf(key) + ": " + problem);
        }
    }
}
