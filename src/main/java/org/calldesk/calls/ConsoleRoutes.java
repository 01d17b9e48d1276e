package org.calldesk.calls;

import org.calldesk.agents.AgentSettings;
import org.calldesk.platform.Role;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AmiActions;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.List;

/** The agent console page and the agent's state on the phone system (available, paused, off). */
public final class ConsoleRoutes implements WebVerticle.Routes {

    private static final long SETTLE_NANOS = 2_000_000_000L;
    /** What one press of "more time" adds to a wrap-up, and the most one request may ask for. */
    static final int EXTEND_S = 30;
    private static final int EXTEND_MAX_S = 600;

    private final AgentDirectory agents;
    private final AgentPresence presence;
    private final AmiActions ami;
    private final io.vertx.core.Vertx vertx;
    private final List<String> pauseReasons;
    private final List<String> dispositions;
    private final List<String> categories;
    private final WrapUp wrapUp;

    /** {@code categories}: the complaint categories, which the console's complaint form offers. */
    public ConsoleRoutes(io.vertx.core.Vertx vertx, AgentDirectory agents, AgentPresence presence, AmiActions ami,
                         AgentSettings agentSettings, CallSettings calls, List<String> categories, WrapUp wrapUp) {
        this.vertx = vertx;
        this.agents = agents;
        this.presence = presence;
        this.ami = ami;
        this.pauseReasons = agentSettings.pauseReasons();
        this.wrapUp = wrapUp;
        this.dispositions = calls.dispositions();
        this.categories = categories;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/console").handler(Access.page(Role.AGENT)).handler(ctx -> console(ctx, pages));
        router.get("/api/agents/me/state").handler(Access.api(Role.AGENT)).handler(this::myState);
        router.post("/api/agents/me/state").handler(Access.api(Role.AGENT)).handler(this::setState);
        router.post("/api/agents/me/wrap-up/extend").handler(Access.api(Role.AGENT)).handler(this::extendWrapUp);
        router.post("/api/agents/me/wrap-up/end").handler(Access.api(Role.AGENT)).handler(this::endWrapUp);
        router.get("/api/agents/states").handler(Access.api(Role.SUPERVISOR)).handler(this::allStates);
    }

    private void console(RoutingContext ctx, Pages pages) {
        pages.render(ctx, "console/console.ftl", Pages.model("title",
                org.calldesk.web.Messages.get().text(org.calldesk.web.Messages.language(ctx), "console.title"),
                "pauseReasons", pauseReasons, "dispositions", dispositions, "categories", categories,
                "extendSeconds", EXTEND_S)).onFailure(ctx::fail);
    }

    private AgentLine line(RoutingContext ctx) {
        String username = Access.user(ctx).username();
        AgentLine line = agents.byUsername(username).orElse(null);
        if (line == null || line.iface() == null || line.iface().isBlank()) {
            throw HttpError.badRequest("you have no phone interface; an administrator must set one");
        }
        return line;
    }

    private void myState(RoutingContext ctx) {
        ctx.json(stateJson(presence.state(line(ctx).iface()), wrapUp));
    }

    /** {@code {"seconds": 30}} (optional, 1–600, default 30): more time for after-call work. */
    private void extendWrapUp(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        Object raw = body.getValue("seconds", EXTEND_S);
        if (!(raw instanceof Integer || raw instanceof Long) || ((Number) raw).longValue() < 1
                || ((Number) raw).longValue() > EXTEND_MAX_S) {
            throw HttpError.badRequest("field 'seconds' must be a whole number from 1 to " + EXTEND_MAX_S);
        }
        AgentLine line = line(ctx);
        // On the node that times wrap-ups (in a cluster, over the event bus): its answer is the new deadline.
        wrapUp.extend(line, ((Number) raw).intValue())
                .onSuccess(longer -> ctx.json(withWrapUp(stateJson(presence.state(line.iface()), wrapUp), longer)))
                .onFailure(e -> ctx.fail(notTimed(e)));
    }

    /** Ends after-call work now: available in all the agent's queues (a 409 when not in wrap-up). */
    private void endWrapUp(RoutingContext ctx) {
        AgentLine line = line(ctx);
        List<String> queues = line.queues();
        wrapUp.end(line).compose(v -> settled(line.iface(), s -> s.availableIn(queues)))
                .onSuccess(settled -> ctx.json(stateJson(settled, wrapUp)))
                .onFailure(e -> ctx.fail(notTimed(e)));
    }

    /** "Not in wrap-up" stays a 409; the node that times wrap-ups out of reach is a 503 saying so. */
    private Throwable notTimed(Throwable e) {
        if (e instanceof org.calldesk.platform.DomainException || e instanceof HttpError) {
            return e;
        }
        return e instanceof WrapUp.NotReached ? HttpError.unavailable(e.getMessage()) : refused(e);
    }

    /** The deadline just set, even if this node's replica has not heard of it yet. */
    private static JsonObject withWrapUp(JsonObject state, WrapUp.Period period) {
        if ("wrap-up".equals(state.getString("state"))) {
            state.put("wrapUpUntil", period.until().toString())
                    .put("wrapUpLeftMs", period.leftMs(java.time.Instant.now()));
        }
        return state;
    }

    private HttpError refused(Throwable e) {
        return e instanceof HttpError h ? h : ami.isUp()
                ? new HttpError(502, "the phone system refused: " + e.getMessage(), null)
                : HttpError.unavailable("the phone system is not connected: " + ami.lastError());
    }

    private void setState(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String state = Bodies.requiredString(body, "state", 20);
        AgentLine line = line(ctx);
        String reason = "paused".equals(state) ? pauseReason(body) : null;
        if (!List.of("available", "paused", "offline").contains(state)) {
            throw HttpError.badRequest("field 'state' must be available, paused or offline");
        }
        // A state the agent chose ends any wrap-up, before the state is asked for: its timer must not undo the choice.
        Future<Void> change = wrapUp.forget(line.iface()).compose(v -> switch (state) {
            case "available" -> presence.available(line);
            case "paused" -> presence.paused(line, reason);
            default -> presence.loggedOut(line);
        });
        List<String> queues = line.queues();
        java.util.function.Predicate<AgentStatus> reached = switch (state) {
            case "available" -> s -> s.availableIn(queues);
            case "paused" -> s -> s.pausedIn(queues, reason);
            default -> s -> s.outOf(queues);
        };
        change.compose(v -> settled(line.iface(), reached))
                .onSuccess(settled -> ctx.json(stateJson(settled, wrapUp)))
                .onFailure(e -> ctx.fail(refused(e)));
    }

    private String pauseReason(JsonObject body) {
        String reason = Bodies.optionalString(body, "reason", 40);
        if (reason == null || !pauseReasons.contains(reason)) {
            throw HttpError.badRequest("field 'reason' must be one of " + pauseReasons);
        }
        return reason;
    }

    /**
     * The PBX confirms each queue's action before it sends that queue's member event, and the events of several
     * queues arrive one by one: wait (briefly) until all the agent's queues show the change, so the answer says
     * what the phone system really has rather than its first queue.
     */
    private Future<AgentStatus> settled(String iface, java.util.function.Predicate<AgentStatus> reached) {
        io.vertx.core.Promise<AgentStatus> promise = io.vertx.core.Promise.promise();
        long deadline = System.nanoTime() + SETTLE_NANOS;
        check(iface, reached, deadline, promise);
        return promise.future();
    }

    private void check(String iface, java.util.function.Predicate<AgentStatus> reached, long deadline,
                       io.vertx.core.Promise<AgentStatus> promise) {
        AgentStatus now = presence.state(iface);
        if (reached.test(now) || System.nanoTime() > deadline) {
            promise.complete(now);
        } else {
            vertx.setTimer(20, id -> check(iface, reached, deadline, promise));
        }
    }

    private void allStates(RoutingContext ctx) {
        JsonArray all = new JsonArray();
        presence.all().forEach(state -> {
            JsonObject json = stateJson(state, wrapUp);
            agents.byInterface(state.iface()).ifPresent(a -> json.put("username", a.username())
                    .put("displayName", a.displayName()).put("agentId", a.id()));
            all.add(json);
        });
        ctx.json(new JsonObject().put("agents", all));
    }

    /**
     * The agent's state as the console, the state API and the state frames show it; in wrap-up, with when it ends
     * ({@code wrapUpUntil}, ISO) and how long is left ({@code wrapUpLeftMs}), so a reloaded console shows the same
     * countdown.
     */
    public static JsonObject stateJson(AgentStatus state, WrapUp wrapUp) {
        JsonObject json = stateJson(state);
        if (state.activity() == AgentStatus.Activity.WRAP_UP) {
            wrapUp.shown(state.iface()).ifPresent(p -> json.put("wrapUpUntil", p.until().toString())
                    .put("wrapUpLeftMs", p.leftMs(java.time.Instant.now())));
        }
        return json;
    }

    private static JsonObject stateJson(AgentStatus state) {
        return new JsonObject()
                .put("interface", state.iface())
                .put("loggedIn", state.loggedIn())
                .put("paused", state.paused())
                .put("state", state.activity().code())
                .put("stateLabel", state.activity().label())
                .put("reason", state.pauseReason())
                .put("busy", state.busy())
                .put("ringing", state.ringing())
                .put("queues", new JsonArray(state.queues()))
                .put("inStateMs", state.since() == null ? null
                        : Math.max(0, java.time.Duration.between(state.since(), java.time.Instant.now()).toMillis()));
    }
}
