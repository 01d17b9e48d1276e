package org.calldesk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.telephony.AgiAccess;

import java.nio.file.Path;
import java.util.Map;

/**
 * The shipped configuration with only what a benchmark must change: free ports on 127.0.0.1, a throwaway
 * data directory, no demo data or demo traffic, cheap password hashing for 300 logins, and simulated
 * phones that answer fast and talk briefly so 300 agents keep up with 50 calls/s.
 */
final class BenchConfig {

    private BenchConfig() {
    }

    /** The bench plays the PBX, so it must send what the dialplan sends. */
    static final String AGI_SECRET = AgiAccess.randomSecret();

    static JsonObject of(BenchOptions options, int httpPort, Path dataDir) {
        JsonObject config = Config.load(null, Map.of());
        return Config.merge(config, new JsonObject()
                .put("http", new JsonObject().put("port", httpPort).put("host", "127.0.0.1"))
                .put("data", new JsonObject().put("dir", dataDir.toString()))
                .put("database", new JsonObject().put("embedded_durable", options.durable()))
                .put("security", new JsonObject().put("pbkdf2_iterations", 1000).put("login_max_failures", 1000))
                .put("demo", new JsonObject().put("enabled", false))
                // The bench agents serve service and complaints; platinum callers would otherwise wait in an unstaffed vip queue.
                .put("routing", new JsonObject().put("vip_queue", ""))
                .put("telephony", new JsonObject()
                        .put("agi", new JsonObject().put("host", "127.0.0.1").put("port", EmbeddedServices.freePort())
                                .put("secret", AGI_SECRET))
                        .put("queues", new JsonArray()
                                .add(queue("service", 0.5))
                                .add(queue("complaints", 0.5))
                                .add(queue("vip", 1)))
                        .put("sim", new JsonObject().put("ami_port", EmbeddedServices.freePort())
                                .put("answer_after_ms", 300).put("talk_ms_fixed", 4000).put("patience_s_mean", 0)
                                .put("unknown_caller_share", 0))));
    }

    private static JsonObject queue(String name, double wrapupS) {
        return new JsonObject().put("name", name).put("strategy", "leastrecent").put("timeout_s", 15)
                .put("retry_s", 1).put("wrapup_s", wrapupS).put("service_level_s", 20).put("weight", 1).put("maxlen", 0)
                .put("members", new JsonArray());
    }
}
