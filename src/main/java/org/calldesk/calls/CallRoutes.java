package org.calldesk.calls;

import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.AmiActions;
import org.calldesk.telephony.LiveView;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.customers.CustomerStore;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Idempotency;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.List;

/** Calls over HTTP: the agent's notes and disposition, and click-to-call. */
public final class CallRoutes implements WebVerticle.Routes {

    private static final String SAVE_NOTES = """
            INSERT INTO call_notes (linkedid, agent_id, disposition, notes) VALUES ($1, $2, $3, $4)
            ON CONFLICT (linkedid) DO UPDATE SET disposition = excluded.disposition, notes = excluded.notes,
                agent_id = excluded.agent_id, saved_at = now()
            """;
    private static final String CALL_AGENT = "SELECT agent_id FROM calls WHERE linkedid = $1";

    private final AmiActions ami;
    private final LiveView live;
    private final Pool pg;
    private final CustomerStore customers;
    private final List<String> dispositions;
    private final ClickToCall clickToCall;

    public CallRoutes(AmiActions ami, LiveView live, Pool pg, CustomerStore customers, CallSettings calls,
                      ClickToCall clickToCall) {
        this.ami = ami;
        this.live = live;
        this.pg = pg;
        this.customers = customers;
        this.dispositions = calls.dispositions();
        this.clickToCall = clickToCall;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.post("/api/calls/originate").handler(Access.api(Role.AGENT)).handler(this::originate);
        router.post("/api/calls/:linkedid/disposition").handler(Access.api(Role.AGENT)).handler(this::disposition);
    }

    /** Saves the agent's disposition and notes; only the agent who took the call, or a supervisor. */
    private void disposition(RoutingContext ctx) {
        String linkedid = ctx.pathParam("linkedid");
        if (linkedid == null || linkedid.length() > 64) {
            throw HttpError.badRequest("'" + linkedid + "' is not a call id");
        }
        JsonObject body = Bodies.json(ctx);
        String disposition = Bodies.requiredString(body, "disposition", 60);
        if (!dispositions.contains(disposition)) {
            throw HttpError.badRequest("field 'disposition' must be one of " + dispositions);
        }
        String notes = Bodies.optionalString(body, "notes", 2000);
        SessionUser user = Access.user(ctx);
        long agentId = user.id();
        String iface = user.iface();
        boolean supervisor = user.role().atLeast(Role.SUPERVISOR);
        live.call(linkedid).map(call -> call.map(LiveCall::agentInterface).orElse(null))
                .compose(liveAgent -> liveAgent != null
                        ? Future.succeededFuture(iface != null && iface.equals(liveAgent))
                        : pg.preparedQuery(CALL_AGENT).execute(Tuple.of(linkedid)).map(rows -> {
                            if (rows.size() == 0) {
                                throw HttpError.notFound("no call with id " + linkedid);
                            }
                            Long stored = rows.iterator().next().getLong("agent_id");
                            return stored != null && stored == agentId;
                        }))
                .compose(own -> {
                    if (!own && !supervisor) {
                        return Future.failedFuture(HttpError.forbidden("this call was not yours"));
                    }
                    return pg.withTransaction(conn -> conn.preparedQuery(SAVE_NOTES)
                            .execute(Tuple.of(linkedid, agentId, disposition, notes == null ? "" : notes))
                            .compose(v -> conn.preparedQuery(CallSql.NOTES_INTO_HISTORY).execute(Tuple.of(linkedid, disposition,
                                    notes == null ? "" : notes, agentId))));
                })
                // The customer's cached card is dropped before the answer, so a page read after it shows the notes.
                .compose(rows -> {
                    List<Future<?>> forgotten = new java.util.ArrayList<>();
                    rows.forEach(row -> forgotten.add(customers.forget(row.getLong("customer_id"))
                            .recover(e -> Future.succeededFuture())));
                    return Future.all(forgotten);
                })
                .onSuccess(v -> ctx.json(new JsonObject().put("linkedid", linkedid).put("disposition", disposition)
                        .put("saved", true)))
                .onFailure(ctx::fail);
    }

    /**
     * Click-to-call: 202 with the attempt's id once the phone system has taken it; how it goes and ends reaches the
     * agent over the WebSocket ({@link ClickToCall}).
     */
    private void originate(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String raw = Bodies.requiredString(body, "phone", 40);
        String number = customers.phones().e164(raw)
                .orElseThrow(() -> HttpError.badRequest("field 'phone': '" + raw + "' is not a valid phone number"));
        SessionUser user = Access.user(ctx);
        String iface = user.iface();
        if (iface == null || iface.isBlank()) {
            throw HttpError.badRequest("you have no phone interface to call from");
        }
        if (!ami.isUp()) {
            throw HttpError.unavailable("the phone system is not connected: " + ami.lastError());
        }
        clickToCall.start(user, number)
                .onSuccess(id -> Idempotency.reply(ctx, 202, null,
                        new JsonObject().put("id", id).put("status", "dialling").put("number", number)))
                .onFailure(e -> ctx.fail(e instanceof HttpError ? e
                        : new HttpError(502, "the phone system refused the call: " + e.getMessage(), null)));
    }
}
