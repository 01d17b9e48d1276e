package org.calldesk.routing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.customers.CustomerStore;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Callback requests: the menu's {@link CallbackScript} registers one for the caller with the priority the routing
 * policy gives them (so a key customer who chose not to wait is still called back first), and agents work the
 * pending list, best first.
 */
public final class Callbacks implements WebVerticle.Routes {

    private static final int LIST_LIMIT = 200;
    private static final String UNIQUE_VIOLATION = "23505";

    /** {@code answer}: {@code OK}, or {@code DUPLICATE} when one is already pending for the number (or the call). */
    public record Registered(String answer, Long customerId, String tier) {}

    private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9][0-9 ().-]{2,30}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

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

    /** The request a caller makes now, in this call ({@code linkedid} null if unknown). */
    public CallbackRequest asked(String callerNumber, String linkedid) {
        return new CallbackRequest(callerNumber, linkedid, clock.instant());
    }

    /**
     * Decides the request's priority as of when it was made and stores it. A second one for the same number while one
     * is pending, or for the same call, is a duplicate, not a second place in the line.
     */
    public Future<Registered> request(CallbackRequest asked) {
        Optional<String> valid = callable(asked.callerNumber());
        if (valid.isEmpty()) {
            return Future.failedFuture(new Invalid("number", "not a number to call back: '" + asked.callerNumber() + "'"));
        }
        String number = valid.get();
        return customers.byPhone(number).compose(found -> {
            ZonedDateTime at = asked.requestedAt().atZone(clock.getZone());
            CallerFacts facts = found.map(card -> CallerFacts.of(number, card, IvrChoice.SERVICE, at))
                    .orElse(CallerFacts.unknown(number, 0, IvrChoice.SERVICE, at));
            RouteDecision decision = policy.decide(facts);
            // The queue the caller would have waited in: its agents see the request in their work list.
            return pg.preparedQuery(RoutingSql.REQUEST_CALLBACK).execute(Tuple.from(new Object[]{number,
                            facts.customerId(), facts.tier(), decision.priority(), decision.reason(), asked.linkedid(),
                            asked.requestedAt().atOffset(ZoneOffset.UTC), decision.queue()}))
                    .map(rows -> new Registered("OK", facts.customerId(), facts.tier()))
                    .recover(e -> e instanceof PgException pgError && UNIQUE_VIOLATION.equals(pgError.getSqlState())
                            ? Future.succeededFuture(new Registered("DUPLICATE", facts.customerId(), facts.tier()))
                            : Future.failedFuture(e));
        });
    }

    /** As {@link #request}, for a request kept while PostgreSQL was away: a duplicate is as good as stored. */
    public Future<Void> store(CallbackRequest asked) {
        return request(asked).mapEmpty();
    }

    /**
     * The caller ID in E.164 if agents may dial it: written as a phone number (digits, an optional leading +, the
     * usual separators), a number that exists in its country's plan, and not premium-rate. Whoever reached FastAGI
     * could otherwise fill the list with text, or with numbers that cost the company money to call.
     */
    Optional<String> callable(String callerNumber) {
        if (callerNumber == null || !DIALLABLE.matcher(callerNumber.strip()).matches()) {
            return Optional.empty();
        }
        return customers.phones().e164(callerNumber).filter(e164 -> {
            try {
                Phonenumber.PhoneNumber parsed = PHONES.parse(e164, null);
                return PHONES.isValidNumber(parsed) && PHONES.getNumberType(parsed) != PhoneNumberType.PREMIUM_RATE;
            } catch (NumberParseException e) {
                return false;
            }
        });
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/callbacks").handler(Access.api(Role.AGENT)).handler(this::pending);
        router.post("/api/callbacks/:id/done").handler(Access.api(Role.AGENT)).handler(this::done);
    }

    private void pending(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        pg.preparedQuery(RoutingSql.PENDING_CALLBACKS).execute(Tuple.of(LIST_LIMIT, user.id(),
                user.role().atLeast(Role.SUPERVISOR))).onSuccess(rows -> {
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
        SessionUser user = Access.user(ctx);
        pg.preparedQuery(RoutingSql.CALLBACK_DONE).execute(Tuple.of(id, user.id(), user.role().atLeast(Role.SUPERVISOR)))
                .onSuccess(rows -> {
            if (rows.rowCount() == 0) {
                ctx.fail(HttpError.notFound("no pending callback with id " + id + " for you or your queues"));
            } else {
                ctx.json(new JsonObject().put("id", id).put("status", "done"));
            }
        }).onFailure(ctx::fail);
    }
}
