package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x, one fake FastAGI server and one simulator per test. */
abstract class SimTestBase {
    static {
        // Asterisk-Java logs every frame at DEBUG; keep test output readable.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.asteriskjava"))
            .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    static final Duration WAIT = Duration.ofSeconds(5);
    Vertx vertx;
    FakeAgiServer agi;
    int agiPort;
    SwitchSimulator sim;

    @BeforeEach
    void setUpVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sim != null) {
            await(sim.stop());
        }
        if (agi != null) {
            await(agi.stop());
        }
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void startAgi(Function<Map<String, String>, List<String>> commands) throws Exception {
        agi = new FakeAgiServer(commands);
        agiPort = await(agi.start(vertx));
    }

    SwitchSimulator startSim(JsonObject config) throws Exception {
        sim = new SwitchSimulator(vertx, SimSettings.from(config));
        sim.addAmiUser(SimFixtures.LAB, SimFixtures.LAB_SECRET, "all", "all");
        sim.addAmiUser(SimFixtures.WIRE, SimFixtures.WIRE_SECRET, AmiUser.CALLDESK_READ, AmiUser.CALLDESK_WRITE);
        await(sim.start());
        return sim;
    }
}
