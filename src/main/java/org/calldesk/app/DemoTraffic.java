package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.sim.CallerSource;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AmiActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Demo mode: once the AMI link is up, the demo agents log in to their queues and generated customers call. */
final class DemoTraffic {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

    private final Vertx vertx;
    private final Pool pg;
    private final SwitchSimulator simulator;
    private final AmiActions ami;
    private final AgentDirectory agents;
    private final AgentPresence presence;
    private final double callsPerMinute;
    private long waitTimer = -1;

    DemoTraffic(Vertx vertx, Pool pg, SwitchSimulator simulator, AmiActions ami, AgentDirectory agents,
                AgentPresence presence, double callsPerMinute) {
        this.vertx = vertx;
        this.pg = pg;
        this.simulator = simulator;
        this.ami = ami;
        this.agents = agents;
        this.presence = presence;
        this.callsPerMinute = callsPerMinute;
    }

    Future<Void> start() {
        return pg.query(AppSql.DEMO_CALLERS).execute()
                .map(DemoTraffic::weightedNumbers)
                .onSuccess(numbers -> whenLinkUp(() -> begin(numbers)))
                .mapEmpty();
    }

    void stop() {
        if (waitTimer >= 0) {
            vertx.cancelTimer(waitTimer);
        }
        simulator.stopTraffic();
    }

    /** Valuable customers call more often: each number is drawn in proportion to its tier's weight. */
    static List<String> weightedNumbers(Iterable<Row> rows) {
        List<String> numbers = new ArrayList<>();
        for (Row row : rows) {
            int weight = switch (String.valueOf(row.getString("tier"))) {
                case "platinum" -> 4;
                case "gold" -> 2;
                default -> 1;
            };
            for (int i = 0; i < weight; i++) {
                numbers.add(row.getString("e164"));
            }
        }
        return numbers;
    }

    private void begin(List<String> numbers) {
        agents.refresh().onSuccess(v -> {
            for (int i = 1; i <= DemoData.AGENTS; i++) {
                agents.byUsername("agent" + i).ifPresent(line -> presence.available(line)
                        .onFailure(e -> log.warn("demo agent {} not logged in: {}", line.username(), e.getMessage())));
            }
        });
        if (!numbers.isEmpty()) {
            CallerSource source = rnd -> numbers.get(rnd.nextInt(numbers.size()));
            simulator.startTraffic(source);
            log.info("demo traffic: {} calls per minute from {} customer numbers", callsPerMinute, numbers.size());
        }
    }

    private void whenLinkUp(Runnable action) {
        if (ami.isUp()) {
            action.run();
            return;
        }
        waitTimer = vertx.setPeriodic(250, id -> {
            if (ami.isUp()) {
                vertx.cancelTimer(id);
                waitTimer = -1;
                action.run();
            }
        });
    }
}
