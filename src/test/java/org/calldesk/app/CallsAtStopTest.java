package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.telephony.LiveCall;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On a PostgreSQL of the test's own, which outlives the server, so the test can read what the stop wrote. */
@ServerTest
class CallsAtStopTest {

    @Test
    @DisplayName("a call still waiting in a queue when calldesk stops is stored, as lost, before the database goes")
    void liveCallStoredAtStop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase database = TestDatabase.start()) {
            JsonObject config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "callsatstop-" + UUID.randomUUID()));
            config.put("database", config.getJsonObject("database").mergeIn(database.serverConfig()));
            Calldesk server = TestServer.await(Calldesk.start(vertx, config, null));
            String linkedid;
            try {
                Await.until("the AMI link", Duration.ofSeconds(10), () -> server.liveView().linkUp());
                // Nobody is logged in to the queue, so the caller waits there until the stop.
                linkedid = TestServer.await(server.simulator().placeCall("+8613355550001", "service"));
                Await.until("the call to be queued", Duration.ofSeconds(10), () -> TestServer.await(server.liveView().calls())
                        .stream().anyMatch(c -> c.linkedid().equals(linkedid) && c.phase() == LiveCall.Phase.QUEUED));
            } finally {
                TestServer.await(server.stop());
            }

            Pool own = database.pool(vertx);
            RowSet<Row> rows = TestServer.await(own.preparedQuery("SELECT outcome, queue FROM calls WHERE linkedid = $1")
                    .execute(Tuple.of(linkedid)));
            assertEquals(1, rows.size(), "the call live at the stop is stored");
            Row call = rows.iterator().next();
            assertEquals("lost", call.getString("outcome"));
            assertEquals("service", call.getString("queue"));
            TestServer.await(own.close());
        } finally {
            TestServer.await(vertx.close());
        }
    }
}
