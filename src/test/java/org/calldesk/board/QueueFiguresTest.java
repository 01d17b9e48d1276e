package org.calldesk.board;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The figures' arithmetic on calls written straight into the table, with known waits and times. The
 * board here has queues of its own (unique names) and a fixed clock, so other tests' calls in the shared
 * database cannot change what it counts.
 */
@ServerTest
class QueueFiguresTest {

    private final Pool pg = TestServer.get().server.pg();

    private void call(String queue, Instant entered, String outcome, long waitMs) {
        TestServer.await(pg.preparedQuery("""
                INSERT INTO calls (linkedid, queue, entered_at, answered_at, ended_at, outcome, wait_ms)
                VALUES ($1, $2, $3, $4, $5, $6, $7)""").execute(Tuple.of(
                "fig-" + UUID.randomUUID(), queue, entered.atOffset(ZoneOffset.UTC),
                outcome.equals("answered") ? entered.plusMillis(waitMs).atOffset(ZoneOffset.UTC) : null,
                entered.plusMillis(waitMs + 60_000).atOffset(ZoneOffset.UTC), outcome, waitMs)));
    }

    @Test
    @DisplayName("service level, the variant with abandons, ASA and abandon rate over the 15-minute window and today")
    void arithmetic() {
        ZoneId zone = ZoneId.systemDefault();
        Instant now = LocalDate.now(zone).atTime(12, 0).atZone(zone).toInstant();
        Instant startOfDay = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        String queue = "figures-" + UUID.randomUUID();
        String quiet = "quiet-" + UUID.randomUUID();
        // in the window: three answered (5 s, exactly the 20 s threshold, 30 s), one abandoned, one timed out
        call(queue, now.minus(Duration.ofMinutes(1)), "answered", 5_000);
        call(queue, now.minus(Duration.ofMinutes(5)), "answered", 20_000);
        call(queue, now.minus(Duration.ofMinutes(15)), "answered", 30_000);
        call(queue, now.minus(Duration.ofMinutes(10)), "abandoned", 40_000);
        call(queue, now.minus(Duration.ofMinutes(2)), "no_answer", 60_000);
        // never offered to the queue: they count nowhere
        call(queue, now.minus(Duration.ofMinutes(3)), "ended_in_ivr", 0);
        call(queue, now.minus(Duration.ofMinutes(4)), "lost", 0);
        // today, before the window
        call(queue, now.minus(Duration.ofMinutes(15)).minusSeconds(1), "answered", 1_000);
        call(queue, now.minus(Duration.ofHours(1)), "answered", 2_000);
        call(queue, now.minus(Duration.ofHours(2)), "abandoned", 9_000);
        // yesterday, and another queue
        call(queue, startOfDay.minusSeconds(60), "answered", 1_000);
        call(queue + "-other", now.minus(Duration.ofMinutes(1)), "abandoned", 1_000);

        QueueBoard board = new QueueBoard(pg, null, null, List.of(new BoardQueue(queue, 20, 10), new BoardQueue(quiet, 30, 10)),
                Clock.fixed(now, zone), BoardSettings.from(ConfigSection.root(Config.defaults())));
        JsonObject snapshot = TestServer.await(board.snapshot());
        JsonObject tile = snapshot.getJsonArray("queues").getJsonObject(0);
        assertEquals(queue, tile.getString("name"));

        JsonObject window = tile.getJsonObject("window");
        assertEquals(5, window.getLong("offered"));
        assertEquals(3, window.getLong("answered"));
        assertEquals(1, window.getLong("abandoned"));
        assertEquals(2, window.getLong("answeredWithin"));
        assertEquals(2.0 / 3, window.getDouble("serviceLevel"), 1e-9);
        assertEquals(2.0 / 4, window.getDouble("serviceLevelWithAbandons"), 1e-9);
        assertEquals(18_333, window.getLong("asaMs"), "(5 + 20 + 30) s / 3, rounded to the ms");
        assertEquals(1.0 / 5, window.getDouble("abandonRate"), 1e-9);

        JsonObject today = tile.getJsonObject("today");
        assertEquals(8, today.getLong("offered"));
        assertEquals(5, today.getLong("answered"));
        assertEquals(2, today.getLong("abandoned"));
        assertEquals(4, today.getLong("answeredWithin"));
        assertEquals(4.0 / 5, today.getDouble("serviceLevel"), 1e-9);
        assertEquals(4.0 / 7, today.getDouble("serviceLevelWithAbandons"), 1e-9);
        assertEquals(11_600, today.getLong("asaMs"), "(5 + 20 + 30 + 1 + 2) s / 5");
        assertEquals(2.0 / 8, today.getDouble("abandonRate"), 1e-9);

        JsonObject empty = snapshot.getJsonArray("queues").getJsonObject(1);
        assertEquals(quiet, empty.getString("name"));
        assertEquals(0, empty.getJsonObject("window").getLong("offered"));
        assertNull(empty.getJsonObject("window").getValue("serviceLevel"), "no calls: no service level, not 100 %");
        assertNull(empty.getJsonObject("today").getValue("asaMs"));
        assertNull(empty.getJsonObject("today").getValue("abandonRate"));
        assertEquals(LocalDate.now(zone).toString(), snapshot.getString("today"));
        assertEquals("none", snapshot.getString("pbx"));
    }

    @Test
    @DisplayName("calls stored for a configured queue show in its window figures on the API")
    void throughTheApi() {
        Http supervisor = Http.as("supervisor");
        JsonObject before = vipWindow(supervisor);
        Instant now = Instant.now();
        call("vip", now.minusSeconds(30), "answered", 4_000);
        call("vip", now.minusSeconds(20), "abandoned", 15_000);
        JsonObject after = vipWindow(supervisor);
        assertEquals(before.getLong("offered") + 2, after.getLong("offered"));
        assertEquals(before.getLong("answered") + 1, after.getLong("answered"));
        assertEquals(before.getLong("abandoned") + 1, after.getLong("abandoned"));
        assertEquals(before.getLong("answeredWithin") + 1, after.getLong("answeredWithin"), "4 s is within vip's 10 s");
    }

    private static JsonObject vipWindow(Http http) {
        return http.get("/api/board/queues").bodyAsJsonObject().getJsonArray("queues").stream()
                .map(JsonObject.class::cast).filter(q -> q.getString("name").equals("vip")).findFirst().orElseThrow()
                .getJsonObject("window");
    }
}
