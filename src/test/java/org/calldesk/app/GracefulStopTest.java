package org.calldesk.app;

import io.vertx.core.json.JsonObject;
import org.calldesk.testing.ChildServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM in the middle of a burst of creating requests, against a real calldesk child process: what was committed
 * was answered, and what was not answered is safe to send again with its Idempotency-Key.
 */
@ServerTest
class GracefulStopTest {

    private static final int SENDERS = 8;
    private static final int REQUESTS = 64;
    /** Answers received before the SIGTERM: enough that the server is warm and requests are in flight. */
    private static final int ANSWERED_BEFORE_STOP = 12;

    @Test
    @DisplayName("SIGTERM mid-burst: every complaint committed was answered 201, and retrying the rest with their keys creates each exactly once")
    void sigtermMidBurst() throws Exception {
        Path data = Path.of("target", "test-data", "sigterm-" + UUID.randomUUID()).toAbsolutePath();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, Integer> answered = new ConcurrentHashMap<>();
        Map<Integer, String> failed = new ConcurrentHashMap<>();

        try (ChildServer first = ChildServer.start(data, "first", Map.of())) {
            first.awaitUp();
            ChildServer.Client client = first.client().login("admin");
            AtomicInteger next = new AtomicInteger();
            CountDownLatch warm = new CountDownLatch(ANSWERED_BEFORE_STOP);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        try {
                            answered.put(i, create(client, run, i).statusCode());
                        } catch (Exception cut) {
                            failed.put(i, cut.toString());
                        }
                        warm.countDown();
                    }
                });
            }
            assertTrue(warm.await(60, TimeUnit.SECONDS), "the first answers");
            first.terminate(Duration.ofSeconds(60));
            senders.shutdown();
            assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
            assertTrue(first.log().contains("stopping calldesk"), "the shutdown hook ran");
        }

        assertTrue(failed.size() + answered.values().stream().filter(status -> status != 201).count() > 0,
                "the SIGTERM came mid-burst: some requests were refused; answered " + answered);
        List<Integer> serverErrors = answered.entrySet().stream().filter(e -> e.getValue() >= 500 && e.getValue() != 503)
                .map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of(), serverErrors, "requests answered with a server error during the stop: " + answered);

        try (ChildServer second = ChildServer.start(data, "second", Map.of())) {
            second.awaitUp();
            ChildServer.Client client = second.client().login("admin");
            Map<Integer, Integer> stored = stored(client, run);
            List<Integer> committedUnanswered = new ArrayList<>();
            for (int i : stored.keySet()) {
                if (answered.getOrDefault(i, 0) != 201) {
                    committedUnanswered.add(i);
                }
            }
            assertEquals(List.of(), committedUnanswered, "committed, but the client got no 201 (answered: " + answered
                    + ", cut off: " + failed + ")");
            for (int i = 0; i < REQUESTS; i++) {
                if (answered.getOrDefault(i, 0) == 201) {
                    assertEquals(1, stored.getOrDefault(i, 0), "answered 201 but not stored: " + i);
                }
            }

            // The client retries everything it has no 201 for, and some it has: each complaint exists once.
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> retry = create(client, run, i);
                assertEquals(201, retry.statusCode(), "retry of " + i + ": " + retry.body());
            }
            Map<Integer, Integer> afterRetries = stored(client, run);
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(1, afterRetries.getOrDefault(i, 0), "complaint " + i + " after retries: " + afterRetries);
            }
        }
    }

    private static HttpResponse<String> create(ChildServer.Client client, String run, int i) throws Exception {
        return client.send("POST", "/api/complaints", new JsonObject().put("customerId", 1 + i % 20)
                        .put("category", "delivery").put("severity", "high").put("subject", subject(run, i))
                        .put("description", "Sent in a burst."),
                Map.of("Idempotency-Key", run + "-" + i));
    }

    private static String subject(String run, int i) {
        return "burst " + run + " #" + i;
    }

    /** How many complaints of this run are stored, by request number. */
    private static Map<Integer, Integer> stored(ChildServer.Client client, String run) throws Exception {
        Map<Integer, Integer> counts = new HashMap<>();
        String prefix = "burst " + run + " #";
        for (Object o : client.get("/api/complaints?sort=newest&limit=500").getJsonArray("complaints")) {
            String subject = ((JsonObject) o).getString("subject");
            if (subject.startsWith(prefix)) {
                counts.merge(Integer.parseInt(subject.substring(prefix.length())), 1, Integer::sum);
            }
        }
        return counts;
    }
}
