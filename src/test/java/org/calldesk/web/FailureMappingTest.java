package org.calldesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.HttpSettings;
import org.calldesk.testing.ServerTest;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The router's failure handler is the one place domain refusals become HTTP answers. */
@ServerTest
@ExtendWith(VertxExtension.class)
class FailureMappingTest {

    private WebClient client;

    /** Each refusal is raised the ways handlers raise them: thrown, or as the failure of a store's future. */
    private static final WebVerticle.Routes REFUSALS = (router, pages) -> {
        router.get("/api/refuse/missing").handler(ctx -> ctx.fail(new NotFound("there is no complaint 7")));
        router.get("/api/refuse/taken").handler(ctx -> {
            throw new Conflict("the number +8613800000001 already belongs to a customer", Map.of("customerId", 42L));
        });
        router.get("/api/refuse/move").handler(ctx -> Future.failedFuture(new Conflict("a complaint cannot move from closed to new",
                Map.of("from", "closed", "to", "new", "allowed", List.of("in_progress")))).onFailure(ctx::fail));
        router.get("/api/refuse/plain").handler(ctx -> ctx.fail(new Conflict("an agent with that username already exists")));
        router.get("/api/refuse/invalid").handler(ctx -> {
            throw new Invalid(List.of("from", "to"), "field 'to' must come after field 'from'");
        });
        router.get("/api/refuse/theirs").handler(ctx -> ctx.fail(new Forbidden("complaint 7 belongs to agent2")));
        router.get("/refuse/missing").handler(ctx -> ctx.fail(new NotFound("There is no complaint 7.")));
    };

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        int port = EmbeddedServices.freePort();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, Duration.ofHours(1), Duration.ofHours(12), false, ""), List.of(REFUSALS)))
            .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a conflict is 409 and keeps its details, such as the id of the customer who has the number, beside the error")
    void conflictKeepsDetails(VertxTestContext ctx) {
        client.get("/api/refuse/taken").send()
                .compose(taken -> {
                    ctx.verify(() -> {
                        assertEquals(409, taken.statusCode());
                        assertEquals(new JsonObject().put("error", "the number +8613800000001 already belongs to a customer")
                                .put("customerId", 42), taken.bodyAsJsonObject());
                    });
                    return client.get("/api/refuse/move").send();
                })
                .compose(move -> {
                    ctx.verify(() -> {
                        assertEquals(409, move.statusCode());
                        JsonObject body = move.bodyAsJsonObject();
                        assertEquals("closed", body.getString("from"));
                        assertEquals("new", body.getString("to"));
                        assertEquals(new JsonArray().add("in_progress"), body.getJsonArray("allowed"));
                    });
                    return client.get("/api/refuse/plain").send();
                })
                .onComplete(ctx.succeeding(plain -> ctx.verify(() -> {
                    assertEquals(409, plain.statusCode());
                    assertEquals(new JsonObject().put("error", "an agent with that username already exists"), plain.bodyAsJsonObject());
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("invalid input is 400 and names the fields at fault")
    void invalidNamesFields(VertxTestContext ctx) {
        client.get("/api/refuse/invalid").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
            assertEquals(400, response.statusCode());
            assertEquals(new JsonObject().put("error", "field 'to' must come after field 'from'")
                    .put("fields", new JsonArray().add("from").add("to")), response.bodyAsJsonObject());
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("not found is 404 and forbidden is 403, each with the domain's message as the error")
    void notFoundAndForbidden(VertxTestContext ctx) {
        client.get("/api/refuse/missing").send()
                .compose(missing -> {
                    ctx.verify(() -> {
                        assertEquals(404, missing.statusCode());
                        assertEquals(new JsonObject().put("error", "there is no complaint 7"), missing.bodyAsJsonObject());
                    });
                    return client.get("/api/refuse/theirs").send();
                })
                .onComplete(ctx.succeeding(theirs -> ctx.verify(() -> {
                    assertEquals(403, theirs.statusCode());
                    assertEquals(new JsonObject().put("error", "complaint 7 belongs to agent2"), theirs.bodyAsJsonObject());
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("a page's refusal is the error page with the status and the message")
    void pageRefusal(VertxTestContext ctx) {
        client.get("/refuse/missing").putHeader("Accept", "text/html").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
            assertEquals(404, response.statusCode());
            assertTrue(response.getHeader("Content-Type").startsWith("text/html"));
            assertTrue(response.bodyAsString().contains("There is no complaint 7."), response.bodyAsString());
            ctx.completeNow();
        })));
    }
}
