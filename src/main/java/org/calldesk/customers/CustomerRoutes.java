package org.calldesk.customers;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.DisplayTime;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Idempotency;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/** Customer lookup, import and classification over HTTP, and the search and 360° pages. */
public final class CustomerRoutes implements WebVerticle.Routes {

    private static final int PAGE_SIZE = 50;
    private static final int PAGE_MAX = 1000;
    private static final int STAFF_LIMIT = 20;

    private final CustomerStore customers;
    private final java.util.function.LongFunction<io.vertx.core.Future<io.vertx.core.json.JsonArray>> openComplaints;
    private final DisplayTime time;

    /** {@code openComplaints}: the customer's open complaints with their SLA state, for the 360° page. */
    public CustomerRoutes(CustomerStore customers,
                          java.util.function.LongFunction<io.vertx.core.Future<io.vertx.core.json.JsonArray>> openComplaints,
                          DisplayTime time) {
        this.customers = customers;
        this.openComplaints = openComplaints;
        this.time = time;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/customers").handler(Access.api(Role.AGENT)).handler(this::find);
        router.post("/api/customers").handler(Access.api(Role.AGENT)).handler(this::create);
        router.post("/api/customers/import").handler(Access.api(Role.ADMIN)).handler(this::importCsv);
        router.post("/api/customers/reclassify").handler(Access.api(Role.ADMIN)).handler(this::reclassify);
        router.get("/api/customers/staff").handler(Access.api(Role.AGENT)).handler(this::staff);
        router.get("/api/customers/:id").handler(Access.api(Role.AGENT)).handler(this::one);
        router.put("/api/customers/:id").handler(Access.api(Role.AGENT)).handler(this::edit);
        router.get("/api/customers/:id/changes").handler(Access.api(Role.AGENT)).handler(this::changes);
        router.get("/customers").handler(Access.page(Role.AGENT)).handler(ctx -> searchPage(ctx, pages));
        router.get("/customers/new").handler(Access.page(Role.AGENT)).handler(ctx -> newCustomerPage(ctx, pages));
        router.get("/customers/:id").handler(Access.page(Role.AGENT)).handler(ctx -> customerPage(ctx, pages));
        router.get("/admin/import").handler(Access.page(Role.ADMIN)).handler(ctx -> importPage(ctx, pages));
    }

    private void find(RoutingContext ctx) {
        String phone = ctx.request().getParam("phone");
        String q = ctx.request().getParam("q");
        if (phone != null) {
            customers.byPhone(phone)
                    .onSuccess(found -> found.ifPresentOrElse(card -> ctx.json(card.toJson()),
                            () -> ctx.fail(HttpError.notFound("no customer with phone number '" + phone + "'"))))
                    .onFailure(ctx::fail);
        } else if (q != null && !q.isBlank()) {
            if (q.length() > 100) {
                throw HttpError.badRequest("parameter 'q' is longer than 100 characters");
            }
            customers.records().search(q, page(ctx), PAGE_SIZE)
                    .onSuccess(found -> ctx.json(found.toJson()))
                    .onFailure(ctx::fail);
        } else {
            throw HttpError.badRequest("give 'phone' (a number in any format) or 'q' (part of a name, its pinyin, or part of a number)");
        }
    }

    private static int page(RoutingContext ctx) {
        Long page = Bodies.positiveParam(ctx, "page");
        if (page != null && page > PAGE_MAX) {
            throw HttpError.badRequest("parameter 'page' must be at most " + PAGE_MAX + "; narrow the search instead");
        }
        return page == null ? 1 : page.intValue();
    }

    private void staff(RoutingContext ctx) {
        String q = ctx.request().getParam("q", "");
        if (q.length() > 100) {
            throw HttpError.badRequest("parameter 'q' is longer than 100 characters");
        }
        customers.records().staff(q, STAFF_LIMIT)
                .onSuccess(found -> ctx.json(new JsonObject().put("staff", found)))
                .onFailure(ctx::fail);
    }

    private void edit(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "name", "phones", "email", "accountManager", "notes", "doNotCall", "reason");
        java.util.List<String> phones = null;
        if (body.containsKey("phones")) {
            if (!(body.getValue("phones") instanceof io.vertx.core.json.JsonArray list)
                    || !list.stream().allMatch(p -> p instanceof String s && s.length() <= 40)) {
                throw HttpError.badRequest("field 'phones' must be a list of numbers written as strings (40 characters at most)");
            }
            phones = list.stream().map(String.class::cast).toList();
        }
        Object dnc = body.getValue("doNotCall");
        if (dnc != null && !(dnc instanceof Boolean)) {
            throw HttpError.badRequest("field 'doNotCall' must be true or false");
        }
        CustomerEdit edit = new CustomerEdit(Bodies.optionalString(body, "name", 200), phones,
                Bodies.optionalString(body, "email", 200), Bodies.optionalString(body, "accountManager", 100),
                Bodies.optionalString(body, "notes", 4000), (Boolean) dnc, Bodies.requiredString(body, "reason", 500));
        var user = Access.user(ctx);
        customers.records().edit(id, edit, new CustomerEdit.Editor(user.id(), user.username()))
                .compose(changed -> customers.byId(id).map(card -> card.orElseThrow().toJson().put("changed", changed)))
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void changes(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        customers.records().profile(id)
                .onSuccess(found -> found.ifPresentOrElse(ctx::json,
                        () -> ctx.fail(HttpError.notFound("no customer with id " + id))))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        for (String field : body.fieldNames()) {
            if (!java.util.Set.of("name", "phone", "email").contains(field)) {
                throw HttpError.badRequest("unknown field '" + field + "' (name, phone, email)");
            }
        }
        String name = Bodies.requiredString(body, "name", 200);
        String phone = Bodies.requiredString(body, "phone", 40);
        String email = Bodies.optionalString(body, "email", 200);
        customers.create(name, phone, email)
                .onSuccess(card -> Idempotency.reply(ctx, 201, null, card.toJson()))
                .onFailure(ctx::fail);
    }

    private void newCustomerPage(RoutingContext ctx, Pages pages) {
        String phone = ctx.request().getParam("phone");
        pages.render(ctx, "customers/new.ftl", Pages.model(
                "phone", phone == null || phone.length() > 40 ? "" : phone)).onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        customers.byId(id)
                .onSuccess(found -> found.ifPresentOrElse(card -> ctx.json(card.toJson()),
                        () -> ctx.fail(HttpError.notFound("no customer with id " + id))))
                .onFailure(ctx::fail);
    }

    private void importCsv(RoutingContext ctx) {
        String csv = ctx.body().asString();
        if (csv == null || csv.isBlank()) {
            throw HttpError.badRequest("the request body must be CSV: " + String.join(",", CustomerImport.COLUMNS));
        }
        boolean dryRun = "true".equals(ctx.request().getParam("dryRun"));
        (dryRun ? customers.checkCsv(csv) : customers.importCsv(csv))
                .onSuccess(result -> ctx.json(result.toJson())).onFailure(ctx::fail);
    }

    private void reclassify(RoutingContext ctx) {
        customers.reclassify()
                .onSuccess(counts -> ctx.json(new JsonObject().put("tiers", new JsonObject(new java.util.LinkedHashMap<>(counts)))))
                .onFailure(ctx::fail);
    }

    private void searchPage(RoutingContext ctx, Pages pages) {
        String q = ctx.request().getParam("q");
        if (q == null || q.isBlank()) {
            pages.render(ctx, "customers/search.ftl", Pages.model()).onFailure(ctx::fail);
            return;
        }
        String text = q.trim().length() > 100 ? q.trim().substring(0, 100) : q.trim();
        String rawPage = ctx.request().getParam("page", "1");
        int page = rawPage.matches("[0-9]{1,4}") ? Math.max(1, Math.min(PAGE_MAX, Integer.parseInt(rawPage))) : 1;
        boolean looksLikePhone = text.matches("[+0-9 ()\\-.]{5,}");
        io.vertx.core.Future<java.util.Optional<CustomerCard>> exact = looksLikePhone && page == 1
                ? customers.byPhone(text) : io.vertx.core.Future.succeededFuture(java.util.Optional.empty());
        exact.compose(found -> {
            if (found.isPresent()) {
                ctx.redirect("/customers/" + found.get().id());
                return io.vertx.core.Future.<Void>succeededFuture();
            }
            return customers.records().search(text, page, PAGE_SIZE).compose(results -> pages.render(ctx,
                    "customers/search.ftl", Pages.model("q", text, "results", results.customers(), "page", page,
                            "more", results.more(),
                            "unknownPhone", looksLikePhone && customers.phones().e164(text).isPresent() ? text : null)));
        }).onFailure(ctx::fail);
    }

    private void customerPage(RoutingContext ctx, Pages pages) {
        long id = Bodies.pathId(ctx, "id");
        customers.byId(id).compose(found -> {
            if (found.isEmpty()) {
                return io.vertx.core.Future.failedFuture(HttpError.notFound("There is no customer with id " + id + "."));
            }
            return openComplaints.apply(id).otherwise(new io.vertx.core.json.JsonArray())
                    .compose(open -> customers.records().profile(id).compose(profile -> pages.render(ctx,
                            "customers/customer.ftl", Pages.model("title", found.get().name(),
                                    "customer", found.get().toJson(), "complaints", open,
                                    "profile", profile.orElse(new JsonObject().put("changes", new io.vertx.core.json.JsonArray())),
                                    "time", time))));
        }).onFailure(ctx::fail);
    }

    private void importPage(RoutingContext ctx, Pages pages) {
        pages.render(ctx, "customers/import.ftl", Pages.model("section", "import",
                "columns", String.join(",", CustomerImport.COLUMNS))).onFailure(ctx::fail);
    }
}
