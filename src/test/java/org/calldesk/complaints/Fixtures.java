package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/** Customers and complaints for the complaint tests, on the shared test server. */
final class Fixtures {

    private Fixtures() {
    }

    /** Imports a customer with a fresh number and gives it the tier asked for; returns its id. */
    static long customer(String name, String tier) {
        Http admin = Http.as("admin");
        String phone = "135" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String external = "CMP-" + phone;
        var imported = admin.postText("/api/customers/import", external + "," + name + ",+86" + phone + ",,100,10,,,\n");
        if (imported.statusCode() != 200) {
            throw new IllegalStateException(imported.bodyAsString());
        }
        long id = admin.get("/api/customers?phone=" + phone).bodyAsJsonObject().getLong("id");
        TestServer.await(TestServer.get().server.pg().preparedQuery("UPDATE customers SET tier = $2 WHERE id = $1")
                .execute(Tuple.of(id, tier)));
        return id;
    }

    static JsonObject complaint(long customerId, String severity) {
        return new JsonObject().put("customerId", customerId).put("category", "billing").put("severity", severity)
                .put("subject", "Charged twice").put("description", "The March invoice was charged twice.");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant t) {
            now.set(t);
        }

        void advance(java.time.Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
