package org.calldesk.worklist;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.calls.ClickToCall;
import org.calldesk.customers.PhoneNumbers;
import org.calldesk.platform.DomainException;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.telephony.AmiActions;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.calldesk.worklist.Attempts.iso;
import static org.calldesk.worklist.Attempts.utc;

/**
 * The work list over HTTP: what the signed-in agent owes (callbacks of theirs and their queues', follow-ups of the
 * complaints they own, their account items; supervisors see everyone's), and the call buttons. Every call is a
 * click-to-call whose attempt is kept and can be read back while it runs and once it settled.
 */
public final class WorkListRoutes implements WebVerticle.Routes {

    private static final int LIST_LIMIT = 100;
    /** Callbacks finished this recently stay on the list, with their outcome, below the open ones. */
    private static final Duration FINISHED_SHOWN = Duration.ofHours(8);

    private final Pool pg;
    private final AmiActions ami;
    private final ClickToCall clickToCall;
    private final PhoneNumbers phones;
    private final Attempts attempts;
    private final CallbackCalls callbacks;
    private final Clock clock;
    private final String timeZone;
    private final CallbackSettings settings;

    /** {@code timeZone}: the display time zone pages show times in (empty: the browser's). */
    public WorkListRoutes(Pool pg, AmiActions ami, ClickToCall clickToCall, PhoneNumbers phones,
                          CallbackSettings settings, Clock clock, String timeZone) {
        this.timeZone = timeZone;
        this.settings = settings;
        this.pg = pg;
        this.ami = ami;
        this.clickToCall = clickToCall;
        this.phones = phones;
        this.clock = clock;
        this.attempts = new Attempts(pg, clock);
        this.callbacks = new CallbackCalls(pg, clickToCall, attempts, settings, clock);
    }

    /** Marks the callbacks too old to call as expired (also done before each list is read). */
    public Future<Integer> expireCallbacks() {
        return callbacks.expire();
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/worklist").handler(Access.api(Role.AGENT)).handler(this::list);
        router.post("/api/worklist/callbacks/:id/call").handler(Access.api(Role.AGENT)).handler(this::callCallback);
        router.post("/api/worklist/call").handler(Access.api(Role.AGENT)).handler(this::call);
        router.get("/api/worklist/attempts/:id").handler(Access.api(Role.AGENT)).handler(this::attempt);
        router.post("/api/worklist/items/:id/done").handler(Access.api(Role.AGENT)).handler(this::itemDone);
    }

    private void list(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        boolean all = user.role().atLeast(Role.SUPERVISOR);
        Instant now = clock.instant();
        JsonObject answer = new JsonObject().put("now", now.toString()).put("timeZone", timeZone);
        callbacks.expire()
                .compose(v -> pg.preparedQuery(WorkListSql.CALLBACKS).execute(Tuple.of(LIST_LIMIT,
                        utc(now.minus(FINISHED_SHOWN)), user.id(), all)))
                .compose(rows -> {
                    JsonArray list = new JsonArray();
                    Instant stale = settings.staleClaimBefore(now);
                    rows.forEach(row -> list.add(callbackJson(row, now, stale)));
                    answer.put("callbacks", list);
                    return pg.preparedQuery(WorkListSql.FOLLOW_UPS).execute(Tuple.of(user.id(), utc(now), all, LIST_LIMIT));
                })
                .compose(rows -> {
                    JsonArray list = new JsonArray();
                    rows.forEach(row -> list.add(followUpJson(row)));
                    answer.put("followUps", list);
                    return pg.preparedQuery(WorkListSql.ITEMS).execute(Tuple.of(user.id(), all, LIST_LIMIT));
                })
                .onSuccess(rows -> {
                    JsonArray list = new JsonArray();
                    rows.forEach(row -> list.add(itemJson(row)));
                    ctx.json(answer.put("items", list));
                })
                .onFailure(ctx::fail);
    }

    /** {@code due}: its Call button works now (pending and due, or claimed by an attempt whose outcome never came). */
    private static JsonObject callbackJson(Row row, Instant now, Instant staleBefore) {
        String status = row.getString("status");
        String next = iso(row, "next_attempt_at");
        String claimed = iso(row, "claimed_at");
        boolean due = "pending".equals(status) && (next == null || !Instant.parse(next).isAfter(now))
                || "dialling".equals(status) && claimed != null && Instant.parse(claimed).isBefore(staleBefore);
        return new JsonObject().put("id", row.getLong("id")).put("number", row.getString("caller_number"))
                .put("customerId", row.getLong("customer_id")).put("customer", row.getString("customer"))
                .put("tier", row.getString("tier")).put("priority", row.getInteger("priority"))
                .put("queue", row.getString("queue")).put("reason", row.getString("reason"))
                .put("requestedAt", iso(row, "requested_at")).put("status", status)
                .put("attempts", row.getInteger("attempts")).put("nextAttemptAt", next)
                .put("lastAttemptAt", iso(row, "last_attempt_at")).put("lastOutcome", row.getString("last_outcome"))
                .put("lastReason", row.getString("last_reason")).put("claimedBy", row.getString("claimed_by_name"))
                .put("due", due);
    }

    private static JsonObject followUpJson(Row row) {
        return new JsonObject().put("complaintId", row.getLong("id")).put("subject", row.getString("subject"))
                .put("customerId", row.getLong("customer_id")).put("customer", row.getString("customer"))
                .put("tier", row.getString("tier")).put("due", iso(row, "follow_up_due"))
                .put("resolvedAt", iso(row, "resolved_at")).put("owner", row.getString("owner"))
                .put("phone", row.getString("phone")).put("attempts", row.getInteger("attempts"))
                .put("lastOutcome", row.getString("last_outcome")).put("lastReason", row.getString("last_reason"))
                .put("lastAttemptAt", iso(row, "last_attempt_at"));
    }

    private static JsonObject itemJson(Row row) {
        return new JsonObject().put("id", row.getLong("id")).put("kind", row.getString("kind"))
                .put("at", iso(row, "at")).put("customerId", row.getLong("customer_id"))
                .put("customer", row.getString("customer")).put("tier", row.getString("tier"))
                .put("manager", row.getString("manager")).put("phone", row.getString("phone"))
                .put("callOutcome", row.getString("call_outcome")).put("complaintId", row.getLong("complaint_id"))
                .put("subject", row.getString("subject"));
    }

    private void callCallback(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        SessionUser user = dialler(ctx);
        callbacks.call(user, id).onSuccess(attempt -> ctx.response().setStatusCode(202).putHeader("Content-Type",
                        "application/json").end(new JsonObject().put("id", attempt).put("callbackId", id).encode()))
                .onFailure(e -> refused(ctx, e));
    }

    /** {@code {phone}}, {@code {complaintId}} (its follow-up) or {@code {itemId}} (an account item): whom to call. */
    private void call(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "phone", "complaintId", "itemId");
        SessionUser user = dialler(ctx);
        boolean all = user.role().atLeast(Role.SUPERVISOR);
        Future<Target> target;
        if (body.containsKey("complaintId")) {
            long complaintId = Bodies.requiredPositiveLong(body, "complaintId");
            target = owned(WorkListSql.FOLLOW_UP_FOR, complaintId, user, all, "complaint")
                    .map(phone -> new Target(phone, new Attempts.Purpose(null, complaintId, null)));
        } else if (body.containsKey("itemId")) {
            long itemId = Bodies.requiredPositiveLong(body, "itemId");
            target = owned(WorkListSql.ITEM_FOR, itemId, user, all, "work item")
                    .map(phone -> new Target(phone, new Attempts.Purpose(null, null, itemId)));
        } else {
            String raw = Bodies.requiredString(body, "phone", 40);
            String number = phones.e164(raw).orElseThrow(() ->
                    HttpError.badRequest("field 'phone': '" + raw + "' is not a valid phone number"));
            target = Future.succeededFuture(new Target(number, Attempts.Purpose.NONE));
        }
        target.compose(t -> clickToCall.start(user, t.number(), attempts.recorder(user, t.number(), t.purpose(),
                        (outcome, reason) -> { })).map(id -> new JsonObject().put("id", id).put("number", t.number())))
                .onSuccess(json -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(json.encode()))
                .onFailure(e -> refused(ctx, e));
    }

    /** Our own refusals as they are; anything else came from the phone system. */
    private static void refused(RoutingContext ctx, Throwable e) {
        ctx.fail(e instanceof HttpError || e instanceof DomainException ? e
                : new HttpError(502, "the phone system refused the call: " + e.getMessage(), null));
    }

    private record Target(String number, Attempts.Purpose purpose) {}

    /** The phone of the complaint's or item's customer, when the user may call about it. */
    private Future<String> owned(String sql, long id, SessionUser user, boolean all, String what) {
        return pg.preparedQuery(sql).execute(Tuple.of(id, user.id(), all)).map(rows -> {
            if (rows.size() == 0) {
                throw HttpError.notFound("no " + what + " with id " + id);
            }
            Row row = rows.iterator().next();
            if (!Boolean.TRUE.equals(row.getBoolean("visible"))) {
                throw HttpError.forbidden("this " + what + " is not yours");
            }
            String phone = row.getString("phone");
            if (phone == null) {
                throw HttpError.conflict("the customer has no phone number to call", null);
            }
            return phone;
        });
    }

    /** The signed-in user, if they have a phone to call from and the phone system is there. */
    private SessionUser dialler(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        if (user.iface() == null || user.iface().isBlank()) {
            throw HttpError.badRequest("you have no phone interface to call from");
        }
        if (!ami.isUp()) {
            throw HttpError.unavailable("the phone system is not connected: " + ami.lastError());
        }
        return user;
    }

    /** One attempt, as far as it got: its own agent's, or any for a supervisor. */
    private void attempt(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || id.length() > 64) {
            throw HttpError.badRequest("'" + id + "' is not an attempt id");
        }
        SessionUser user = Access.user(ctx);
        pg.preparedQuery(WorkListSql.ATTEMPT).execute(Tuple.of(id)).onSuccess(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null) {
                ctx.fail(HttpError.notFound("no call attempt with id " + id + " (yet)"));
            } else if (!user.role().atLeast(Role.SUPERVISOR) && !Long.valueOf(user.id()).equals(row.getLong("agent_id"))) {
                ctx.fail(HttpError.forbidden("this call attempt is not yours"));
            } else {
                ctx.json(Attempts.json(row));
            }
        }).onFailure(ctx::fail);
    }

    private void itemDone(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        SessionUser user = Access.user(ctx);
        boolean all = user.role().atLeast(Role.SUPERVISOR);
        pg.preparedQuery(WorkListSql.ITEM_DONE).execute(Tuple.of(id, user.id(), all)).onSuccess(rows -> {
            if (rows.size() == 0) {
                ctx.fail(HttpError.notFound("no open work item " + id + " of yours"));
            } else {
                ctx.json(new JsonObject().put("id", id).put("done", true));
            }
        }).onFailure(ctx::fail);
    }
}
