package org.calldesk.calls;

import org.calldesk.customers.PhoneNumbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.calldesk.customers.CustomerCard;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;
import org.calldesk.telephony.QueueLogTable;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.DatabasePerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reconciliation against the realtime queue_log table, filled as res_config_pgsql fills it, with the live path's
 * writes made by hand to meet it in either order.
 */
@ExtendWith(VertxExtension.class)
@ServerTest
class ReconcilerTest {

    static {
        QuietLogs.apply();
    }

    private static final String CUSTOMER_PHONE = "+8613800138000";
    /** Asterisk's local zone, as the time column holds it without queue_log_realtime_use_gmt. */
    private static final ZoneId PBX_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();
    private Pool pool;
    private CallStore store;
    private AgentDirectory agents;
    private long customerId;
    private long agentId;
    private String deployment;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        pool = db.pool(vertx);
        agents = new AgentDirectory(pool);
        store = new CallStore(pool, agents, new PhoneNumbers("CN"), id -> { });
        // Asterisk's ast-db-manage table, as the operator creates it beside calldesk's (telephony/README.md).
        pool.query("""
                CREATE TABLE IF NOT EXISTS queue_log (
                    id bigserial PRIMARY KEY, time timestamp, callid varchar(80), queuename varchar(256),
                    agent varchar(80), event varchar(32), data1 varchar(100), data2 varchar(100), data3 varchar(100),
                    data4 varchar(100), data5 varchar(100))""").execute()
            .compose(v -> pool.query("""
                TRUNCATE queue_log, queue_log_position, calls, interactions, customer_phones, customers, agents
                RESTART IDENTITY CASCADE""").execute())
            .compose(v -> pool.query("""
                INSERT INTO agents (username, display_name, role, password_hash, interface, queues)
                VALUES ('agent1', 'Agent One', 'agent', 'x', 'PJSIP/1001', '{support}') RETURNING id""").execute())
            .compose(rows -> {
                agentId = rows.iterator().next().getLong(0);
                return pool.query("INSERT INTO customers (external_id, name, tier) VALUES ('C-1', 'Jane', 'gold') RETURNING id")
                    .execute();
            })
            .compose(rows -> {
                customerId = rows.iterator().next().getLong(0);
                return agents.refresh();
            })
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void tearDown(Vertx vertx, VertxTestContext ctx) {
        Future<Void> undeployed = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
        undeployed.compose(v -> pool.close()).onComplete(ctx.succeedingThenComplete());
    }

    /** The one customer has the one phone; everyone else is unknown. */
    private Future<Optional<CustomerCard>> customerByPhone(String number) {
        return Future.succeededFuture(CUSTOMER_PHONE.equals(number)
            ? Optional.of(CustomerCard.fromJson(new JsonObject().put("id", customerId).put("tier", "gold")))
            : Optional.empty());
    }

    /** Deployed reconcilers read at start; this completes once that first read is done. */
    private Future<Reconciler> reconciler(Vertx vertx, boolean fromBeginning) {
        Reconciler reconciler = new Reconciler(new QueueLogTable(pool, "queue_log", PBX_ZONE), fromBeginning, pool,
            store, agents, this::customerByPhone);
        return vertx.deployVerticle(reconciler).compose(id -> {
            deployment = id;
            return reconciler.reconcile();
        }).map(reconciler);
    }

    /** Rows as ast_store_realtime writes them: seconds after T0, callid, queue, agent, event, data1..data5. */
    private Future<Void> logged(Object[]... lines) {
        List<Tuple> rows = new ArrayList<>();
        for (Object[] l : lines) {
            LocalDateTime time = LocalDateTime.ofInstant(T0.plusSeconds(((Number) l[0]).longValue()), PBX_ZONE);
            Tuple row = Tuple.tuple().addLocalDateTime(time);
            for (int i = 1; i < 10; i++) {
                row.addString(i < l.length ? (String) l[i] : "");
            }
            rows.add(row);
        }
        return pool.preparedQuery("""
            INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3, data4, data5)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""").executeBatch(rows).mapEmpty();
    }

    private static Object[] at(long s, String... fields) {
        Object[] line = new Object[fields.length + 1];
        line[0] = s;
        System.arraycopy(fields, 0, line, 1, fields.length);
        return line;
    }

    private Future<Row> call(String id) {
        return pool.preparedQuery("SELECT * FROM calls WHERE linkedid = $1 OR caller_uniqueid = $1").execute(Tuple.of(id))
            .map(rows -> {
                assertEquals(1, rows.size(), "one row for call " + id);
                return rows.iterator().next();
            });
    }

    private Future<Long> count(String sql) {
        return pool.query(sql).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    @Test
    @DisplayName("ended calls in the realtime table are filled in once, with outcome, times, agent and customer; a call still open waits")
    void fillsInOnce(Vertx vertx, VertxTestContext ctx) {
        logged(
            at(0, "U.1", "support", "NONE", "ENTERQUEUE", "", CUSTOMER_PHONE, "1"),
            at(1, "U.2", "support", "NONE", "ENTERQUEUE", "", "5550102", "2"),
            at(5, "U.2", "support", "NONE", "ABANDON", "2", "2", "4"),
            at(10, "U.3", "support", "NONE", "ENTERQUEUE", "", "5550103", "1"),
            at(20, "U.1", "support", "Agent One", "CONNECT", "20", "U.9", "2"),
            at(145, "U.1", "support", "Agent One", "COMPLETECALLER", "20", "125", "1"))
            .compose(v -> reconciler(vertx, true))
            .compose(reconciler -> call("U.1").compose(answered -> {
                ctx.verify(() -> {
                    assertEquals("answered", answered.getString("outcome"));
                    assertEquals("U.1", answered.getString("linkedid"), "no Linkedid in the log: the Uniqueid stands in");
                    assertEquals("U.1", answered.getString("caller_uniqueid"));
                    assertEquals(customerId, answered.getLong("customer_id"));
                    assertEquals("gold", answered.getString("tier"));
                    assertEquals(agentId, answered.getLong("agent_id"), "Agent One is agent1's member name");
                    assertEquals("PJSIP/1001", answered.getString("agent_interface"));
                    assertEquals(T0, answered.getOffsetDateTime("entered_at").toInstant(), "read in the PBX's zone");
                    assertEquals(T0.plusSeconds(145), answered.getOffsetDateTime("ended_at").toInstant());
                    assertEquals(20_000L, answered.getLong("wait_ms"));
                    assertEquals(125_000L, answered.getLong("talk_ms"));
                    assertNotNull(answered.getOffsetDateTime("reconciled_at"));
                });
                return call("U.2");
            }).compose(abandoned -> {
                ctx.verify(() -> {
                    assertEquals("abandoned", abandoned.getString("outcome"));
                    assertNull(abandoned.getValue("customer_id"));
                    assertEquals(4_000L, abandoned.getLong("wait_ms"));
                });
                return count("SELECT count(*) FROM calls");
            }).compose(calls -> {
                ctx.verify(() -> assertEquals(2L, calls, "U.3 has not ended"));
                return pool.query("SELECT summary FROM interactions").execute();
            }).compose(history -> {
                ctx.verify(() -> {
                    assertEquals(1, history.size());
                    assertEquals("answered by agent1 after 20 s, talked 2 min 5 s", history.iterator().next().getString(0));
                });
                return count("SELECT position FROM queue_log_position WHERE source = 'table queue_log'");
            }).compose(position -> {
                ctx.verify(() -> assertEquals(3L, position, "held before U.3's ENTERQUEUE (id 4)"));
                return reconciler.reconcile();
            }).compose(again -> {
                ctx.verify(() -> {
                    assertEquals(0, again.filledIn(), "read again from U.3's start: nothing new");
                    assertEquals(1, again.alreadyStored(), "U.1's end was read again and found stored");
                    assertEquals(1, again.stillOpen());
                });
                return logged(at(70, "U.3", "support", "NONE", "EXITWITHTIMEOUT", "1", "1", "60"));
            }).compose(v -> reconciler.reconcile()))
            .compose(last -> count("SELECT count(*) FROM calls").map(calls -> {
                ctx.verify(() -> {
                    assertEquals(1, last.filledIn());
                    assertEquals(0, last.stillOpen());
                    assertEquals(3L, calls);
                });
                return null;
            }))
            .compose(v -> call("U.3"))
            .onComplete(ctx.succeeding(timedOut -> ctx.verify(() -> {
                assertEquals("no_answer", timedOut.getString("outcome"));
                assertEquals(60_000L, timedOut.getLong("wait_ms"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a call heard live is stored once, whether the live path or the queue_log gets there first")
    void liveAndLogMeetOnce(Vertx vertx, VertxTestContext ctx) {
        // Linkedid L.1, caller Uniqueid U.1: the caller reached the queue through a Local channel.
        LiveCall liveFirst = answered("L.1", "U.1");
        LiveCall liveSecond = answered("L.2", "U.2");
        store.store(liveFirst)
            .compose(v -> reconciler(vertx, true))
            .compose(reconciler -> logged(
                    at(0, "U.1", "support", "NONE", "ENTERQUEUE", "", CUSTOMER_PHONE, "1"),
                    at(12, "U.1", "support", "Agent One", "CONNECT", "12", "U.9", "2"),
                    at(137, "U.1", "support", "Agent One", "COMPLETEAGENT", "12", "125", "1"),
                    at(200, "U.2", "support", "NONE", "ENTERQUEUE", "", CUSTOMER_PHONE, "1"),
                    at(212, "U.2", "support", "Agent One", "CONNECT", "12", "U.8", "2"),
                    at(337, "U.2", "support", "Agent One", "COMPLETEAGENT", "12", "125", "1"))
                .compose(v -> reconciler.reconcile()))
            .compose(result -> {
                ctx.verify(() -> {
                    assertEquals(1, result.alreadyStored(), "U.1 was stored live as L.1");
                    assertEquals(1, result.filledIn(), "U.2 was not heard yet");
                });
                return store.store(liveSecond);
            })
            .compose(storedLive -> {
                ctx.verify(() -> assertFalse(storedLive, "the live end of U.2 finds it filled in already"));
                return count("SELECT count(*) FROM calls");
            })
            .compose(calls -> count("SELECT count(*) FROM interactions").map(history -> {
                ctx.verify(() -> {
                    assertEquals(2L, calls);
                    assertEquals(2L, history);
                });
                return null;
            }))
            .compose(v -> call("L.1"))
            .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
                assertNull(live.getValue("reconciled_at"), "the live row is kept as it was");
                assertEquals("gold tier", live.getString("route_reason"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a call stored as lost during an AMI outage gets the outcome the queue_log tells, once, in the history too")
    void lostGetsItsOutcome(Vertx vertx, VertxTestContext ctx) {
        Instant t = T0.plusSeconds(400);
        LiveCall lost = new LiveCall("L.3", "U.3", "Local/s@inbound-00000003;2", CUSTOMER_PHONE, Phase.ENDED, "support",
            0, 20, T0, T0, Set.of(), "PJSIP/1001", "Agent One", T0.plusSeconds(9), t, Outcome.LOST, 9_000, 0, 0,
            new RouteInfo(customerId, "gold", 20, "gold tier", "support", "service"));
        store.store(lost)
            .compose(v -> logged(
                at(0, "U.3", "support", "NONE", "ENTERQUEUE", "", CUSTOMER_PHONE, "1"),
                at(9, "U.3", "support", "Agent One", "CONNECT", "9", "U.9", "1"),
                at(99, "U.3", "support", "Agent One", "COMPLETECALLER", "9", "90", "1")))
            .compose(v -> reconciler(vertx, true))
            .compose(reconciler -> call("U.3").compose(row -> {
                ctx.verify(() -> {
                    assertEquals("L.3", row.getString("linkedid"));
                    assertEquals("answered", row.getString("outcome"));
                    assertEquals(T0.plusSeconds(99), row.getOffsetDateTime("ended_at").toInstant());
                    assertEquals(90_000L, row.getLong("talk_ms"));
                    assertEquals(agentId, row.getLong("agent_id"));
                    assertEquals("gold tier", row.getString("route_reason"), "what the live path knew is kept");
                    assertNotNull(row.getOffsetDateTime("reconciled_at"));
                });
                return reconciler.reconcile();
            }))
            .compose(again -> {
                ctx.verify(() -> {
                    assertEquals(0, again.outcomesFilledIn());
                    assertEquals(0, again.filledIn());
                });
                return pool.query("SELECT summary, details, at FROM interactions").execute();
            })
            .onComplete(ctx.succeeding(history -> ctx.verify(() -> {
                assertEquals(1, history.size());
                Row row = history.iterator().next();
                assertEquals("answered by agent1 after 9 s, talked 1 min 30 s", row.getString("summary"));
                assertEquals("answered", row.getJsonObject("details").getString("outcome"));
                assertEquals("gold tier", row.getJsonObject("details").getString("route_reason"));
                assertEquals(T0.plusSeconds(99), row.getOffsetDateTime("at").toInstant());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("with first_read new and no saved position, the calls logged before the first read are left alone")
    void firstReadNew(Vertx vertx, VertxTestContext ctx) {
        logged(
            at(0, "U.1", "support", "NONE", "ENTERQUEUE", "", "5550101", "1"),
            at(4, "U.1", "support", "NONE", "ABANDON", "1", "1", "4"))
            .compose(v -> reconciler(vertx, false))
            .compose(reconciler -> logged(
                    at(10, "U.2", "support", "NONE", "ENTERQUEUE", "", "5550102", "1"),
                    at(15, "U.2", "support", "NONE", "ABANDON", "1", "1", "5"))
                .compose(v -> reconciler.reconcile()))
            .compose(result -> pool.query("SELECT caller_uniqueid FROM calls").execute().map(rows -> {
                ctx.verify(() -> {
                    assertEquals(1, result.filledIn());
                    assertEquals(1, rows.size());
                    assertEquals("U.2", rows.iterator().next().getString(0));
                });
                return null;
            }))
            .onComplete(ctx.succeedingThenComplete());
    }

    private LiveCall answered(String linkedid, String uniqueid) {
        Instant t = T0.plusSeconds(uniqueid.equals("U.1") ? 0 : 200);
        return new LiveCall(linkedid, uniqueid, "Local/s@inbound-00000003;2", CUSTOMER_PHONE, Phase.COMPLETED,
            "support", 0, 20, t, t, Set.of(), "PJSIP/1001", "Agent One", t.plusSeconds(12), t.plusSeconds(137),
            Outcome.ANSWERED, 12_000, 125_000, 0, new RouteInfo(customerId, "gold", 20, "gold tier", "support", "service"));
    }
}
