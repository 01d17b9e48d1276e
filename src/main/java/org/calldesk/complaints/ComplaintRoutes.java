package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.DisplayTime;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Idempotency;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The complaint API, the list and detail pages, and the supervisors' complaint board. */
public final class ComplaintRoutes implements WebVerticle.Routes {

    private static final int LINKEDID_MAX = 64;
    private static final int LIST_DEFAULT = 100;
    private static final int LIST_MAX = 500;

    private final ComplaintStore store;
    private final ComplaintBoard board;
    private final DisplayTime time;
    private final List<String> tiers;
    private final long boardStaleMs;

    /**
     * {@code tiers}: the pyramid's tier names, best first, for the list's filter; {@code boardStale}: how long the
     * complaint board may go without an update before it is dimmed ({@code board.stale_s}).
     */
    public ComplaintRoutes(ComplaintStore store, ComplaintBoard board, DisplayTime time, List<String> tiers,
                           java.time.Duration boardStale) {
        this.store = store;
        this.board = board;
        this.time = time;
        this.tiers = List.copyOf(tiers);
        this.boardStaleMs = boardStale.toMillis();
    }

    @Override
    public void mount(Router router, Pages pages) {
        // Each HTTP verticle mounts with its own Pages; handlers take theirs, nothing is kept in a shared field.
        router.post("/api/complaints").handler(Access.api(Role.AGENT)).handler(this::create);
        router.get("/api/complaints").handler(Access.api(Role.AGENT)).handler(this::list);
        router.get("/api/complaints/:id").handler(Access.api(Role.AGENT)).handler(this::one);
        router.post("/api/complaints/:id/transitions").handler(Access.api(Role.AGENT)).handler(this::transition);
        router.post("/api/complaints/:id/assign").handler(Access.api(Role.SUPERVISOR)).handler(this::assign);
        router.post("/api/complaints/:id/follow-up").handler(Access.api(Role.AGENT)).handler(this::followUp);
        router.get("/api/board/complaints").handler(Access.api(Role.SUPERVISOR)).handler(this::boardData);
        router.get("/complaints").handler(Access.page(Role.AGENT)).handler(ctx -> listPage(ctx, pages));
        router.get("/complaints/new").handler(Access.page(Role.AGENT)).handler(ctx -> newPage(ctx, pages));
        router.get("/complaints/:id").handler(Access.page(Role.AGENT)).handler(ctx -> detailPage(ctx, pages));
        router.get("/board/complaints").handler(Access.page(Role.SUPERVISOR)).handler(ctx -> boardPage(ctx, pages));
    }

    private void create(RoutingContext ctx) {
        ComplaintSettings settings = store.settings();
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "customerId", "category", "severity", "subject", "description", "linkedid");
        long customerId = Bodies.requiredPositiveLong(body, "customerId");
        String category = Bodies.requiredString(body, "category", 100).trim().toLowerCase(java.util.Locale.ROOT);
        if (!settings.categories().contains(category)) {
            throw HttpError.badRequest("field 'category' must be one of " + String.join(", ", settings.categories()));
        }
        Severity severity = severity(Bodies.requiredString(body, "severity", 20));
        String subject = Bodies.requiredString(body, "subject", settings.subjectMax()).trim();
        String description = Bodies.requiredString(body, "description", settings.descriptionMax());
        String linkedid = Bodies.optionalString(body, "linkedid", LINKEDID_MAX);
        store.create(new ComplaintStore.NewComplaint(customerId, category, severity, subject, description,
                        linkedid == null || linkedid.isBlank() ? null : linkedid.trim()), actor(ctx))
                .onSuccess(c -> Idempotency.reply(ctx, 201, "/api/complaints/" + c.id(), c.toJson(store.clockNow())))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String status = ctx.request().getParam("status");
        if (status != null && !status.equals("open")) {
            try {
                status = ComplaintStatus.parse(status).code();
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("parameter 'status' must be open or one of new, acknowledged, in_progress, "
                        + "waiting_customer, resolved, closed");
            }
        }
        String owner = ctx.request().getParam("owner");
        if ("me".equals(owner)) {
            owner = Access.user(ctx).username();
        }
        if (owner != null && owner.length() > 100) {
            throw HttpError.badRequest("parameter 'owner' is longer than 100 characters");
        }
        Long customerId = Bodies.positiveParam(ctx, "customerId");
        ComplaintStore.ListOrder order = switch (ctx.request().getParam("sort", "due")) {
            case "due" -> ComplaintStore.ListOrder.DUE;
            case "newest" -> ComplaintStore.ListOrder.NEWEST;
            case "follow-up" -> ComplaintStore.ListOrder.FOLLOW_UP;
            default -> throw HttpError.badRequest("parameter 'sort' must be due, newest or follow-up");
        };
        Long wanted = Bodies.positiveParam(ctx, "limit");
        int limit = wanted == null ? LIST_DEFAULT : (int) Math.min(LIST_MAX, wanted);
        String severity = ctx.request().getParam("severity");
        if (severity != null) {
            severity = severity(severity).code();
        }
        String category = ctx.request().getParam("category");
        if (category != null && !store.settings().categories().contains(category)) {
            throw HttpError.badRequest("parameter 'category' must be one of " + String.join(", ", store.settings().categories()));
        }
        String tier = ctx.request().getParam("tier");
        if (tier != null && (tier.isBlank() || tier.length() > 40)) {
            throw HttpError.badRequest("parameter 'tier' must name a tier, or unranked");
        }
        store.list(new ComplaintStore.Filter(status, owner, customerId, severity, category, tier), order, limit)
                .onSuccess(found -> ctx.json(new JsonObject().put("complaints",
                        new JsonArray(found.stream().map(c -> c.toJson(store.clockNow())).toList()))))
                .onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        store.detail(id)
                .onSuccess(found -> found.ifPresentOrElse(ctx::json,
                        () -> ctx.fail(HttpError.notFound("there is no complaint " + id))))
                .onFailure(ctx::fail);
    }

    private void transition(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "to", "note");
        ComplaintStatus to;
        try {
            to = ComplaintStatus.parse(Bodies.requiredString(body, "to", 30));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("field 'to' must be one of new, acknowledged, in_progress, waiting_customer, resolved, closed");
        }
        String note = Bodies.optionalString(body, "note", store.settings().noteMax());
        store.transition(id, to, note, actor(ctx)).onSuccess(c -> reply(ctx, c)).onFailure(ctx::fail);
    }

    private void assign(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "owner", "note");
        String owner = Bodies.requiredString(body, "owner", 100).trim();
        String note = Bodies.optionalString(body, "note", store.settings().noteMax());
        store.assign(id, owner, note, actor(ctx)).onSuccess(c -> reply(ctx, c)).onFailure(ctx::fail);
    }

    /**
     * The satisfaction follow-up: {@code score} 1–5; or {@code reached: false} with an {@code outcome} for a call that
     * reached no one; or {@code unreachable: true} to close without a score once enough calls reached no one.
     */
    private void followUp(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "score", "note", "reached", "outcome", "unreachable");
        if (Boolean.FALSE.equals(body.getValue("reached"))) {
            String outcome = Bodies.requiredString(body, "outcome", 40).trim();
            if (!java.util.List.of("no-answer", "busy", "voicemail", "wrong-number", "declined").contains(outcome)) {
                throw HttpError.badRequest("field 'outcome' must be no-answer, busy, voicemail, wrong-number or declined");
            }
            store.followUpAttempt(id, outcome, actor(ctx)).onSuccess(c -> reply(ctx, c)).onFailure(ctx::fail);
            return;
        }
        if (Boolean.TRUE.equals(body.getValue("unreachable"))) {
            String note = Bodies.optionalString(body, "note", store.settings().noteMax());
            store.closeUnreachable(id, note, actor(ctx)).onSuccess(c -> reply(ctx, c)).onFailure(ctx::fail);
            return;
        }
        Object score = body.getValue("score");
        if (!(score instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1 || n.doubleValue() > 5) {
            throw HttpError.badRequest("field 'score' must be a whole number from 1 (very unhappy) to 5 (very happy); "
                    + "or send reached: false with an outcome, or unreachable: true");
        }
        String note = Bodies.optionalString(body, "note", store.settings().noteMax());
        store.followUp(id, ((Number) score).intValue(), note, actor(ctx)).onSuccess(c -> reply(ctx, c)).onFailure(ctx::fail);
    }

    private void boardData(RoutingContext ctx) {
        board.snapshot().onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void listPage(RoutingContext ctx, Pages pages) {
        String sort = ctx.request().getParam("sort", "due");
        // The follow-up calls to make are those of resolved complaints: that is the list's natural default there.
        String status = ctx.request().getParam("status", sort.equals("follow-up") ? "resolved" : "open");
        if (!status.equals("open") && !status.equals("all")) {
            try {
                status = ComplaintStatus.parse(status).code();
            } catch (IllegalArgumentException e) {
                status = "open";
            }
        }
        String owner = ctx.request().getParam("owner", "");
        owner = owner.length() > 100 ? owner.substring(0, 100) : owner.trim();
        ComplaintStore.ListOrder order = switch (sort) {
            case "newest" -> ComplaintStore.ListOrder.NEWEST;
            case "follow-up" -> ComplaintStore.ListOrder.FOLLOW_UP;
            default -> ComplaintStore.ListOrder.DUE;
        };
        List<String> severities = Arrays.stream(Severity.values()).map(Severity::code).toList();
        String severity = ctx.request().getParam("severity", "");
        severity = severities.contains(severity) ? severity : "";
        String category = ctx.request().getParam("category", "");
        category = store.settings().categories().contains(category) ? category : "";
        String tier = ctx.request().getParam("tier", "");
        tier = tier.matches("[a-z0-9_-]{1,40}") ? tier : "";
        String statusFilter = status.equals("all") ? null : status;
        String ownerFilter = owner.isEmpty() ? null : owner.equals("me") ? Access.user(ctx).username() : owner;
        ComplaintStore.Filter filter = new ComplaintStore.Filter(statusFilter, ownerFilter, null, blankToNull(severity),
                blankToNull(category), blankToNull(tier));
        Map<String, Object> model = Pages.model("status", status, "owner", owner, "sort", sort,
                "severity", severity, "category", category, "tier", tier, "severities", severities,
                "categories", store.settings().categories(), "tiers", tiers,
                "statuses", Arrays.stream(ComplaintStatus.values()).map(ComplaintStatus::code).toList(), "time", time);
        store.list(filter, order, LIST_MAX)
                .compose(found -> {
                    model.put("complaints", new JsonArray(found.stream().map(c -> c.toJson(store.clockNow())).toList()));
                    return pages.render(ctx, "complaints/list.ftl", model);
                })
                .onFailure(ctx::fail);
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** The short form an agent fills in, pre-filled with the customer and call when opened from a call. */
    private void newPage(RoutingContext ctx, Pages pages) {
        String customerId = ctx.request().getParam("customerId", "");
        String linkedid = ctx.request().getParam("linkedid", "");
        boolean known = customerId.matches("[0-9]{1,18}");
        Future<java.util.Optional<String>> name = known
                ? store.customerName(Long.parseLong(customerId)) : Future.succeededFuture(java.util.Optional.empty());
        name.compose(found -> pages.render(ctx, "complaints/new.ftl", Pages.model(
                        "customerId", found.isPresent() ? customerId : "",
                        "customerLabel", found.orElse(""),
                        "linkedid", linkedid.length() <= LINKEDID_MAX ? linkedid : "",
                        "categories", store.settings().categories(),
                        "severities", Arrays.stream(Severity.values()).map(Severity::code).toList(),
                        "subjectMax", store.settings().subjectMax(), "descriptionMax", store.settings().descriptionMax())))
                .onFailure(ctx::fail);
    }

    private void detailPage(RoutingContext ctx, Pages pages) {
        long id = Bodies.pathId(ctx, "id");
        store.detail(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(HttpError.notFound("There is no complaint " + id + "."));
            }
            JsonObject c = found.get();
            return pages.render(ctx, "complaints/detail.ftl", Pages.model("c", c, "time", time,
                    "followUpAttempts", store.settings().followUpAttempts()));
        }).onFailure(ctx::fail);
    }

    private void boardPage(RoutingContext ctx, Pages pages) {
        // ?tv=1: the TV wallboard (no navigation, dark, sized to the screen)
        boolean tv = "1".equals(ctx.request().getParam("tv"));
        board.snapshot()
                .compose(snapshot -> pages.render(ctx, "board/complaints.ftl", Pages.model(
                        "board", snapshot, "json", snapshot.encode(), "tv", tv, "staleMs", boardStaleMs)))
                .onFailure(ctx::fail);
    }

    private void reply(RoutingContext ctx, Complaint c) {
        ctx.json(c.toJson(store.clockNow()));
    }

    private static ComplaintStore.Actor actor(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        return new ComplaintStore.Actor(user.id(), user.username(), user.role());
    }

    private static Severity severity(String text) {
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("field 'severity' must be critical, high, normal or low");
        }
    }
}
