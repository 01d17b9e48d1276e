package org.calldesk.routing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.calldesk.platform.Masked;
import org.calldesk.platform.Role;
import org.calldesk.customers.CustomerStore;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * Callback requests: the FastAGI {@code callback} script registers one for the caller with the priority the
 * routing policy gives them (so a key customer who chose not to wait is still called back first), and agents
 * work the pending list, best first.
 */
public final class Callbacks implements AgiScript, WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);
    private static final long BUDGET_MS = 500;
    private static final int LIST_LIMIT = 200;

    private final Pool pg;
    private final CustomerStore customers;
    private final RoutingPolicy policy;
    private final Clock clock;

    public Callbacks(Pool pg, CustomerStore customers, RoutingPolicy policy, Clock clock) {
        this.pg = pg;
        this.customers = customers;
        this.policy = policy;
        this.clock = clock;
    }

    /** Registers a callback for this number: {@code OK}, or {@code DUPLICATE} when one is already pending. */
    public Future<String> request(String callerNumber) {
        String number = customers.phones().e164(callerNumber).orElse(callerNumber);
        return customers.byPhone(number).compose(found -> {
            ZonedDateTime now = ZonedDateTime.now(clock);
            CallerFacts facts = found.map(card -> CallerFacts.of(number, card, IvrChoice.SERVICE, now))
                    .orElse(CallerFacts.unknown(number, 0, IvrChoice.SERVICE, now));
            RouteDecision decision = policy.decide(facts);
            return pg.preparedQuery(RoutingSql.REQUEST_CALLBACK).execute(Tuple.of(number, facts.customerId(),
                            facts.tier(), decision.priority(), decision.reason()))
                    .map(rows -> "OK")
                    .recover(e -> e instanceof PgException pgError && "23505".equals(pgError.getSqlState())
                            ? Future.succeededFuture("DUPLICATE") : Future.failedFuture(e));
        });
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String number = request.getCallerIdNumber();
        String result;
        try {
            result = request(number).toCompletionStage().toCompletableFuture().get(BUDGET_MS, TimeUnit.MILLISECONDS);
            log.info("callback request from {}: {}", Masked.phone(number), result);
        } catch (Exception e) {
            log.warn("callback request from {} failed: {}", Masked.phone(number), e.toString());
            result = "FAILED";
        }
        channel.setVariable("CALLDESK_CALLBACK", result);
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/callbacks").handler(Access.api(Role.AGENT)).handler(this::pending);
        router.post("/api/callbacks/:id/done").handler(Access.api(Role.AGENT)).handler(this::done);
    }

    private void pending(RoutingContext ctx) {
        pg.preparedQuery(RoutingSql.PENDING_CALLBACKS).execute(Tuple.of(LIST_LIMIT)).onSuccess(rows -> {
            JsonArray list = new JsonArray();
            for (Row row : rows) {
                list.add(new JsonObject().put("id", row.getLong("id")).put("number", row.getString("caller_number"))
                        .put("customerId", row.getLong("customer_id")).put("customer", row.getString("customer"))
                        .put("tier", row.getString("tier")).put("priority", row.getInteger("priority"))
                        .put("reason", row.getString("reason"))
                        .put("requestedAt", row.getOffsetDateTime("requested_at").toInstant().toString()));
            }
            ctx.json(new JsonObject().put("callbacks", list));
        }).onFailure(ctx::fail);
    }

    private void done(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        pg.preparedQuery(RoutingSql.CALLBACK_DONE).execute(Tuple.of(id, Access.user(ctx).id())).onSuccess(rows -> {
            if (rows.rowCount() == 0) {
                ctx.fail(HttpError.notFound("no pending callback with id " + id));
            } else {
                ctx.json(new JsonObject().put("id", id).put("status", "done"));
            }
        }).onFailure(ctx::fail);
    }
}
