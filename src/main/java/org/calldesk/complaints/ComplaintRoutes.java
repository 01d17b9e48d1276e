package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Idempotency;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.Arrays;

/** The complaint API, the list and detail pages, and the supervisors' complaint board. */
public final class ComplaintRoutes implements WebVerticle.Routes {

    private static final int LINKEDID_MAX = 64;
    private static final int LIST_DEFAULT = 100;
    private static final int LIST_MAX = 500;

    private final ComplaintStore store;
    private final ComplaintBoard board;
    private final long boardStaleMs;

    /** @param boardStale how long the complaint board may go without an update before it is dimmed ({@code board.stale_s}) */
    public ComplaintRoutes(ComplaintStore store, ComplaintBoard board, java.time.Duration boardStale) {
        this.store = store;
        this.board = board;
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
        store.list(status, owner, customerId, order, limit)
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

    private void followUp(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "score", "note");
        Object score = body.getValue("score");
        if (!(score instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1 || n.doubleValue() > 5) {
            throw HttpError.badRequest("field 'score' must be a whole number from 1 (very unhappy) to 5 (very happy)");
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
        String statusFilter = status.equals("all") ? null : status;
        String ownerFilter = owner.isEmpty() ? null : owner.equals("me") ? Access.user(ctx).username() : owner;
        String shownStatus = status;
        String shownOwner = owner;
        store.list(statusFilter, ownerFilter, null, order, LIST_MAX)
                .compose(found -> pages.render(ctx, "complaints/list.ftl", Pages.model("title", "Complaints",
                        "complaints", new JsonArray(found.stream().map(c -> c.toJson(store.clockNow())).toList()),
                        "status", shownStatus, "owner", shownOwner, "sort", sort,
                        "statuses", Arrays.stream(ComplaintStatus.values()).map(ComplaintStatus::code).toList())))
                .onFailure(ctx::fail);
    }

    /** The short form an agent fills in, pre-filled with the customer and call when opened from a call. */
    private void newPage(RoutingContext ctx, Pages pages) {
        String customerId = ctx.request().getParam("customerId", "");
        String linkedid = ctx.request().getParam("linkedid", "");
        pages.render(ctx, "complaints/new.ftl", Pages.model("title", "Log a complaint",
                        "customerId", customerId.matches("[0-9]{1,18}") ? customerId : "",
                        "linkedid", linkedid.length() <= LINKEDID_MAX ? linkedid : "",
                        "categories", store.settings().categories(),
                        "severities", Arrays.stream(Severity.values()).map(Severity::code).toList(),
                        "subjectMax", store.settings().subjectMax(), "descriptionMax", store.settings().descriptionMax()))
                .onFailure(ctx::fail);
    }

    private void detailPage(RoutingContext ctx, Pages pages) {
        long id = Bodies.pathId(ctx, "id");
        store.detail(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(HttpError.notFound("There is no complaint " + id + "."));
            }
            JsonObject c = found.get();
            return pages.render(ctx, "complaints/detail.ftl", Pages.model("title", "Complaint " + id, "c", c,
                    "json", c.encode()));
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
