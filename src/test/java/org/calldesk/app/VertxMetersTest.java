package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HTTP server's meters as {@link Main#vertx} builds them, driven the way Vert.x drives them for one connection.
 * A connection accepted before the server's meters existed has no socket meter; Vert.x still reports its requests.
 */
class VertxMetersTest {

    private static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(40_000, "127.0.0.1");

    private PrometheusMeterRegistry registry;
    private Vertx vertx;
    private HttpServerMetrics<Object, Object, Object> meters;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void serverMeters() {
        registry = Main.registry();
        vertx = Main.vertx(registry);
        meters = (HttpServerMetrics<Object, Object, Object>) ((VertxInternal) vertx).metrics()
                .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(8080, "127.0.0.1"));
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    @DisplayName("a request on a connection accepted before the server's meters existed is served, not failed with 'socketMetric is null'")
    void connectionWithoutSocketMeter() {
        assertDoesNotThrow(() -> {
            Object request = meters.requestBegin(null, get("/health"));
            meters.bytesRead(null, CLIENT, 120);
            meters.requestEnd(request, get("/health"), 0);
            meters.requestRouted(request, "/health");
            meters.responseBegin(request, ok());
            meters.bytesWritten(null, CLIENT, 300);
            meters.responseEnd(request, ok(), 300);
            meters.disconnected(meters.connected(null, request, null));
            meters.exceptionOccurred(null, CLIENT, new IOException("Connection reset by peer"));
            meters.disconnected(null, CLIENT);
        });
        assertEquals(0, requestsCounted(), "such a connection goes uncounted");
    }

    @Test
    @DisplayName("requests on ordinary connections are still counted")
    void ordinaryConnection() {
        Object socket = meters.connected(CLIENT, "127.0.0.1");
        for (int i = 0; i < 2; i++) {
            Object request = meters.requestBegin(socket, get("/health"));
            meters.requestEnd(request, get("/health"), 0);
            meters.responseBegin(request, ok());
            meters.responseEnd(request, ok(), 300);
        }
        meters.disconnected(socket, CLIENT);

        assertEquals(2, requestsCounted());
    }

    private double requestsCounted() {
        return registry.find("vertx.http.server.requests").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static HttpRequest get(String uri) {
        return new HttpRequest() {
            public int id() {
                return 1;
            }

            public String uri() {
                return uri;
            }

            public String absoluteURI() {
                return "http://127.0.0.1:8080" + uri;
            }

            public HttpMethod method() {
                return HttpMethod.GET;
            }

            public MultiMap headers() {
                return MultiMap.caseInsensitiveMultiMap();
            }

            public SocketAddress remoteAddress() {
                return CLIENT;
            }
        };
    }

    private static HttpResponse ok() {
        return new HttpResponse() {
            public int statusCode() {
                return 200;
            }

            public MultiMap headers() {
                return MultiMap.caseInsensitiveMultiMap();
            }
        };
    }
}
