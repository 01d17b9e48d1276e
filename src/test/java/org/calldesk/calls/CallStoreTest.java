package org.calldesk.calls;

import org.calldesk.customers.PhoneNumbers;
import org.calldesk.testing.Captures;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.DatabasePerClass;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.RouteInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@ServerTest
class CallStoreTest {

    static {
        QuietLogs.apply();
    }

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();
    private Pool pool;
    private CallStore store;
    private long customerId;
    private long agentId;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        pool = db.pool(vertx);
        AgentDirectory agents = new AgentDirectory(pool);
        store = new CallStore(pool, agents, new PhoneNumbers("CN"), customerId -> { });
        pool.query("TRUNCATE calls, interactions, customer_phones, customers, agents RESTART IDENTITY CASCADE")
            .execute()
            .compose(v -> pool.preparedQuery("""
                INSERT INTO agents (username, display_name, role, password_hash, interface, queues)
                VALUES ('agent3', 'Agent Three', 'agent', 'x', 'Local/1001@agents', '{support}') RETURNING id""")
                .execute())
            .compose(rows -> {
                agentId = rows.iterator().next().getLong(0);
                return pool.preparedQuery("""
                    INSERT INTO customers (external_id, name, tier) VALUES ('C-1', 'Jane Customer', 'gold')
                    RETURNING id""").execute();
            })
            .compose(rows -> {
                customerId = rows.iterator().next().getLong(0);
                return agents.refresh();
            })
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void tearDown(VertxTestContext ctx) {
        pool.close().onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an answered call seen ending twice is stored once, with its agent, and once in the customer's history")
    void answeredOnce(VertxTestContext ctx) {
        LiveCall call = answered("1795339966.6", customerId);
        store.store(call)
            .compose(first -> store.store(call).map(second -> new boolean[] {first, second}))
            .compose(results -> counts("1795339966.6").map(counts -> {
                ctx.verify(() -> {
                    assertTrue(results[0], "first end writes the call");
                    assertFalse(results[1], "second end finds it there");
                    assertEquals(1L, counts[0]);
                    assertEquals(1L, counts[1]);
                });
                return null;
            }))
            .compose(v -> pool.preparedQuery(CallSql.CALL_BY_LINKEDID).execute(Tuple.of("1795339966.6")))
            .compose(rows -> {
                Row row = rows.iterator().next();
                ctx.verify(() -> {
                    assertEquals("answered", row.getString("outcome"));
                    assertEquals(agentId, row.getLong("agent_id"));
                    assertEquals(customerId, row.getLong("customer_id"));
                    assertEquals(20, row.getInteger("priority"));
                    assertEquals(12_000L, row.getLong("wait_ms"));
                    assertEquals(125_000L, row.getLong("talk_ms"));
                });
                return pool.preparedQuery("SELECT summary, agent_id FROM interactions WHERE linkedid = $1")
                    .execute(Tuple.of("1795339966.6"));
            })
            .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
                Row row = rows.iterator().next();
                assertEquals("answered by agent3 after 12 s, talked 2 min 5 s", row.getString("summary"));
                assertEquals(agentId, row.getLong("agent_id"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("an abandoned call from an unknown caller is stored once and leaves no history")
    void abandonedUnknown(VertxTestContext ctx) {
        Instant t = Instant.parse("2026-11-22T09:54:49Z");
        LiveCall call = new LiveCall("1795341273.0", "1795341273.1", "Local/s@inbound-00000000;2", "5550000",
            Phase.ABANDONED, "support", 0, 0, t, t, Set.of(), null, null, null, t.plusSeconds(4),
            Outcome.ABANDONED, 4000, 0, 0, null);
        store.store(call).compose(v -> store.store(call)).compose(v -> counts("1795341273.0"))
            .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
                assertEquals(1L, counts[0]);
                assertEquals(0L, counts[1]);
                assertEquals("abandoned after 4 s in support", store.summary(call));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a history row already written for the call is taken as there, not as an error")
    void historyAlreadyThere(VertxTestContext ctx) {
        LiveCall call = answered("L-dup", customerId);
        pool.preparedQuery("INSERT INTO interactions (customer_id, kind, summary, linkedid) VALUES ($1, 'call', 'x', 'L-dup')")
            .execute(Tuple.of(customerId))
            .compose(v -> store.store(call))
            .compose(v -> counts("L-dup"))
            .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
                assertEquals(1L, counts[0]);
                assertEquals(1L, counts[1]);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("the real queue-call capture replayed twice through the bridge stores one call and one history row")
    void replayStoresOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
        List<Future<Boolean>> writes = new CopyOnWriteArrayList<>();
        Captures.replay(vertx, "asterisk-22-queue-call.ami", live -> {
                live.subscribe(change -> {
                    if (change.ended()) {
                        writes.add(store.store(change.call()));
                    }
                });
                live.accept(new CallEvent.Routed(Instant.now(), null, "1795339966.7", null, new RouteInfo(customerId, "gold", 20,
                    "gold customer: priority 20", "support", "service")));
            })
            .compose(r -> Future.all(writes))
            .compose(v -> counts("1795339966.6"))
            .compose(counts -> pool.preparedQuery("SELECT summary FROM interactions WHERE linkedid = $1")
                .execute(Tuple.of("1795339966.6")).map(rows -> {
                    ctx.verify(() -> {
                        assertEquals(1, writes.size(), "the call ended once");
                        assertEquals(1L, counts[0]);
                        assertEquals(1L, counts[1]);
                        assertEquals("answered by agent3 after 0 s, talked 20 s", rows.iterator().next().getString(0));
                    });
                    return null;
                }))
            .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a call the account manager answered from the route is stored with no queue: it never queued")
    void accountManagerCallHasNoQueue(Vertx vertx, VertxTestContext ctx) throws Exception {
        String linkedid = "1796133280.98";
        List<Future<Boolean>> writes = new CopyOnWriteArrayList<>();
        Captures.replay(vertx, "asterisk-22-calldesk-session.ami", live -> {
                live.subscribe(change -> {
                    if (change.ended() && change.call().linkedid().equals(linkedid)) {
                        writes.add(store.store(change.call()));
                    }
                });
                // Handed in once the link is up, as the route script would: the resync at connect ends calls it
                // does not see, and the fake PBX lists none.
                boolean[] routed = {false};
                live.subscribe(change -> {
                    if (!routed[0]) {
                        routed[0] = true;
                        live.accept(new CallEvent.Routed(change.cause().at(), linkedid, linkedid, "+8613800138002",
                            new RouteInfo(customerId, "gold", 20, "account manager first", "service", "service",
                                "Local/1002@agents", "")));
                    }
                });
            })
            .compose(r -> Future.all(writes))
            .compose(v -> pool.preparedQuery(CallSql.CALL_BY_LINKEDID).execute(Tuple.of(linkedid)))
            .compose(rows -> pool.preparedQuery("SELECT summary, details FROM interactions WHERE linkedid = $1")
                .execute(Tuple.of(linkedid)).map(history -> {
                    ctx.verify(() -> {
                        assertEquals(1, writes.size(), "the call ended once");
                        Row call = rows.iterator().next();
                        assertEquals("answered", call.getString("outcome"));
                        assertEquals(null, call.getString("queue"));
                        assertEquals("Local/1002@agents", call.getString("agent_interface"));
                        assertEquals(customerId, call.getLong("customer_id"));
                        Row line = history.iterator().next();
                        assertTrue(line.getString("summary").startsWith("answered by Local/1002@agents after "),
                            line.getString("summary"));
                        assertTrue(line.getJsonObject("details").containsKey("queue"));
                        assertEquals(null, line.getJsonObject("details").getString("queue"));
                    });
                    return null;
                }))
            .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a call routed to a customer deleted since is still stored, without the customer")
    void deletedCustomer(VertxTestContext ctx) {
        LiveCall call = answered("L-gone", 424242L);
        store.store(call).compose(inserted -> counts("L-gone").map(counts -> {
            ctx.verify(() -> {
                assertTrue(inserted);
                assertEquals(1L, counts[0]);
                assertEquals(0L, counts[1]);
            });
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a known caller routed while customer data was unavailable is stored with their customer, found by number, and in their history")
    void linksCustomerByNumber(VertxTestContext ctx) {
        Instant t = Instant.parse("2026-11-22T10:05:00Z");
        RouteInfo failOpen = new RouteInfo(null, null, 0, "default route: customer data unavailable (timeout)",
            "service", "service");
        LiveCall call = new LiveCall("L-link", "L-link", "Local/s@inbound-00000009;2", "13800138000",
            Phase.ABANDONED, "service", 0, 0, t, t, Set.of(), null, null, null, t.plusSeconds(30),
            Outcome.ABANDONED, 30_000, 0, 0, failOpen);
        pool.preparedQuery("INSERT INTO customer_phones (e164, customer_id, raw) VALUES ('+8613800138000', $1, '138 0013 8000')")
            .execute(Tuple.of(customerId))
            .compose(v -> store.store(call))
            .compose(v -> pool.preparedQuery(CallSql.CALL_BY_LINKEDID).execute(Tuple.of("L-link")))
            .compose(rows -> pool.preparedQuery("SELECT customer_id, summary FROM interactions WHERE linkedid = $1")
                .execute(Tuple.of("L-link")).map(history -> {
                    ctx.verify(() -> {
                        Row stored = rows.iterator().next();
                        assertEquals(customerId, stored.getLong("customer_id"));
                        assertEquals("gold", stored.getString("tier"), "the customer's tier, as the route had none");
                        assertEquals(1, history.size(), "in the customer's history");
                        assertEquals(customerId, history.iterator().next().getLong("customer_id"));
                    });
                    return null;
                }))
            .onComplete(ctx.succeedingThenComplete());
    }

    private Future<long[]> counts(String linkedid) {
        return pool.preparedQuery("""
            SELECT (SELECT count(*) FROM calls WHERE linkedid = $1),
                   (SELECT count(*) FROM interactions WHERE linkedid = $1)""")
            .execute(Tuple.of(linkedid))
            .map(rows -> {
                Row row = rows.iterator().next();
                return new long[] {row.getLong(0), row.getLong(1)};
            });
    }

    private static LiveCall answered(String linkedid, long customerId) {
        Instant t = Instant.parse("2026-11-22T09:32:46Z");
        RouteInfo route = new RouteInfo(customerId, "gold", 20, "gold tier", "support", "service");
        return new LiveCall(linkedid, "1795339966.7", "Local/s@inbound-00000003;2", "5551234", Phase.COMPLETED,
            "support", 0, 20, t, t, Set.of(), "Local/1001@agents", "Agent 1001", t.plusSeconds(12),
            t.plusSeconds(137), Outcome.ANSWERED, 12_000, 125_000, 0, route);
    }
}
