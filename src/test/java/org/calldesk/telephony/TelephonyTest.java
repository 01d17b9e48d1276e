package org.calldesk.telephony;

import org.calldesk.TestServer;

import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.DatabasePerClass;
import org.calldesk.testing.Await;
import org.calldesk.testing.PhoneRig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.calldesk.telephony.CallerLookup.Caller;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@ServerTest
class TelephonyTest {

    static {
        QuietLogs.apply();
    }

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();

    @Test
    @DisplayName("wired together: a routed gold caller's queue call is stored with its route, customer, agent and history")
    void routedCallIsStored(Vertx vertx, VertxTestContext ctx) throws Exception {
        Pool pool = db.pool(vertx);
        FakeAmi ami = new FakeAmi("s3cret");
        int agiPort = AgiServerTest.freePort();
        JsonObject config = Captures.config(ami.port(), "s3cret");
        config.getJsonObject("telephony").getJsonObject("agi").put("host", "127.0.0.1").put("port", agiPort)
            .put("secret", TestServer.AGI_SECRET);
        long[] ids = new long[2];
        PhoneRig[] telephony = new PhoneRig[1];

        pool.preparedQuery("""
                INSERT INTO agents (username, display_name, role, password_hash, interface, queues)
                VALUES ('agent1', 'Agent One', 'agent', 'x', 'Local/1001@agents', '{support}') RETURNING id""")
            .execute()
            .compose(rows -> {
                ids[0] = rows.iterator().next().getLong(0);
                return pool.preparedQuery("INSERT INTO customers (external_id, name, tier) VALUES ('C-9', 'Jane', 'gold') RETURNING id")
                    .execute();
            })
            .compose(rows -> {
                ids[1] = rows.iterator().next().getLong(0);
                CallerLookup callers = number -> Future.succeededFuture("5551234".equals(number)
                    ? Optional.of(new Caller(ids[1], "Jane", "gold", BigDecimal.TEN, null))
                    : Optional.empty());
                return PhoneRig.start(vertx, config, pool, new DefaultRouteService(callers, 200));
            })
            .compose(t -> {
                telephony[0] = t;
                return Await.until(vertx, "AMI up", 5000, () -> t.bridge().isUp());
            })
            .compose(v -> {
                ctx.verify(() -> {
                    assertTrue(telephony[0].bridge().isUp());
                    assertEquals(null, telephony[0].bridge().lastError());
                    assertTrue(telephony[0].agi().isListening());
                });
                return Future.succeededFuture();
            })
            .compose(v -> vertx.executeBlocking(() -> AgiClient.converse(agiPort,
                AgiClient.request(agiPort, "route", "5551234", "1795339966.7", "service"),
                Map.of("CHANNEL(linkedid)", "1795339966.6"))))
            .compose(vars -> {
                ctx.verify(() -> assertEquals("20", vars.get("QUEUE_PRIO")));
                return Await.untilAsync(vertx, "the call in the IVR", 5000, () -> telephony[0].live().calls()
                    .map(calls -> calls.stream().anyMatch(c -> c.linkedid().equals("1795339966.6")
                        && c.phase() == LiveCall.Phase.IVR && c.route() != null)));
            })
            .compose(v -> {
                try {
                    String capture = new String(Captures.resource("telephony-samples/asterisk-22-queue-call.ami"),
                        StandardCharsets.UTF_8);
                    ami.emit(capture.substring(capture.indexOf('\n') + 1));
                } catch (IOException e) {
                    return Future.failedFuture(e);
                }
                return Await.untilAsync(vertx, "call stored", 5000, () -> pool.query("SELECT count(*) FROM calls")
                    .execute().map(rows -> rows.iterator().next().getLong(0) > 0));
            })
            .compose(v -> pool.preparedQuery(org.calldesk.calls.CallSql.CALL_BY_LINKEDID).execute(Tuple.of("1795339966.6")))
            .compose(rows -> {
                Row row = rows.iterator().next();
                ctx.verify(() -> {
                    assertEquals("answered", row.getString("outcome"));
                    assertEquals(ids[0], row.getLong("agent_id"));
                    assertEquals(ids[1], row.getLong("customer_id"));
                    assertEquals("gold", row.getString("tier"));
                    assertEquals(20, row.getInteger("priority"));
                    assertEquals("service", row.getString("ivr"));
                    assertTrue(row.getString("route_reason").startsWith("gold customer"));
                    assertEquals(20_000L, row.getLong("talk_ms"));
                });
                return pool.preparedQuery("SELECT count(*) FROM interactions WHERE linkedid = $1")
                    .execute(Tuple.of("1795339966.6"));
            })
            .compose(rows -> {
                ctx.verify(() -> assertEquals(1L, rows.iterator().next().getLong(0)));
                return telephony[0].stop();
            })
            .eventually(() -> pool.close())
            .onComplete(ctx.succeeding(v -> {
                try {
                    ami.close();
                } catch (Exception ignored) {
                    // teardown
                }
                ctx.completeNow();
            }));
    }
}
