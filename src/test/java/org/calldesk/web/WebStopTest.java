package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.HttpSettings;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the HTTP server: no new work is accepted, the work in flight is answered, and the stop does not hang. */
@ServerTest
class WebStopTest {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final int port = EmbeddedServices.freePort();
    private final Promise<Void> release = Promise.promise();
    private final AtomicInteger started = new AtomicInteger();

    /** A request that is in flight until the test releases it, as one waiting on PostgreSQL would be. */
    private final WebVerticle.Routes slow = (router, pages) -> {
        router.get("/slow").handler(ctx -> {
            started.incrementAndGet();
            release.future().onComplete(v -> ctx.response().end("done"));
        });
        // Signs the session in, as the login route would, for the live channel.
        router.get("/signed-in").handler(ctx -> {
            Access.signIn(ctx, new SessionUser(1, "agent1", "Agent One", Role.AGENT, null)).onComplete(v -> ctx.end());
        });
    };

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
    }

    @Test
    @DisplayName("a stop refuses new connections at once, lets the request in flight finish with its answer, and then completes")
    void inFlightAnswered() {
        String deployment = TestServer.await(vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, Duration.ofHours(1), Duration.ofHours(12), false, ""),
                List.of(slow), null, GRACE)));
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        Future<HttpResponse<Buffer>> inFlight = client.get("/slow").send();
        Await.until("the request to be in flight", Duration.ofSeconds(5), () -> started.get() == 1);

        Future<Void> stopped = vertx.undeploy(deployment);
        WebClient late = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        Await.until("new connections to be refused", Duration.ofSeconds(5), () -> {
            try {
                TestServer.await(late.get("/slow").send());
                return false;
            } catch (RuntimeException refused) {
                return true;
            }
        });
        assertFalse(stopped.isComplete(), "the stop waits for the request in flight");
        assertEquals(1, started.get(), "no request was accepted after the stop began");

        release.complete();
        HttpResponse<Buffer> answer = TestServer.await(inFlight);
        assertEquals(200, answer.statusCode());
        assertEquals("done", answer.bodyAsString());
        TestServer.await(stopped);
    }

    @Test
    @DisplayName("an open WebSocket (an agent's console) is closed by the stop rather than holding it for the whole grace period")
    void webSocketDoesNotHoldTheStop() {
        String deployment = TestServer.await(vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, Duration.ofHours(1), Duration.ofHours(12), false, ""),
                List.of(slow, new Sockets(vertx, new SimpleMeterRegistry(), id -> Future.succeededFuture(Optional.of(Role.AGENT)),
                        new SocketSettings(256 * 1024))), null, GRACE)));
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        String cookie = TestServer.await(client.get("/signed-in").send()).cookies().stream()
                .filter(c -> c.startsWith("calldesk.session=")).map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
        WebSocket ws = TestServer.await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI("/ws").addHeader("Cookie", cookie)));
        Promise<Short> closed = Promise.promise();
        ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));

        long began = System.nanoTime();
        TestServer.await(vertx.undeploy(deployment));
        assertEquals((short) 1001, TestServer.await(closed.future()), "going away: the page reconnects");
        assertTrue(Duration.ofNanos(System.nanoTime() - began).compareTo(GRACE.dividedBy(2)) < 0,
                "the stop took " + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms");
    }
}
