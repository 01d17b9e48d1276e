package org.calldesk.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;

/** Config for simulator tests: free ports on 127.0.0.1, fast phones, short queue timers. */
final class SimFixtures {
    /** calldesk's own user: the simulator gives it the rights of the shipped manager.conf's [calldesk]. */
    static final String USER = "hotline";
    static final String SECRET = "s3cret";
    /** The capture harness's user, read = all and write = all, as the labs that recorded the captures had. */
    static final String LAB = "lab";
    static final String LAB_SECRET = "lab-s3cret";
    /**
     * calldesk's classes without its eventfilter lines: what the switch itself sends to read = call,agent, for tests
     * of the simulator's event stream (the shipped filters would hide the channel bookkeeping they check).
     */
    static final String WIRE = "wire";
    static final String WIRE_SECRET = "wire-s3cret";

    private SimFixtures() {}

    static int freePort() {
        return org.calldesk.app.EmbeddedServices.freePort();
    }

    static JsonObject queue(String name, String strategy, double timeoutS, double retryS, String... members) {
        JsonArray ms = new JsonArray();
        for (String m : members) {
            ms.add(new JsonObject().put("interface", m).put("name", "Agent " + m.replaceAll("\\D", "")));
        }
        return new JsonObject().put("name", name).put("strategy", strategy).put("timeout_s", timeoutS)
            .put("retry_s", retryS).put("wrapup_s", 0).put("service_level_s", 20).put("weight", 1).put("maxlen", 0).put("members", ms);
    }

    /** The shipped calldesk.yaml with these changes: the simulator reads its defaults from there. */
    static JsonObject config(int agiPort, JsonObject... queues) {
        return Config.merge(Config.defaults(), new JsonObject()
            .put("telephony", new JsonObject()
                .put("ami", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("username", USER).put("secret", SECRET))
                .put("agi", new JsonObject().put("host", "127.0.0.1").put("port", agiPort))
                .put("queues", new JsonArray(java.util.List.of((Object[]) queues)))
                .put("sim", new JsonObject().put("ami_port", freePort()).put("answer_after_ms", 50)
                    .put("talk_ms_fixed", 300).put("patience_s_mean", 0).put("seed", 7)
                    .put("agi_timeout_ms", 2000).put("agent_dial_ms", 400)))
            .put("demo", new JsonObject().put("calls_per_minute", 0)));
    }
}
