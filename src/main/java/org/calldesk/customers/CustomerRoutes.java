package org.calldesk.customers;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Idempotency;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/** Customer lookup, import and classification over HTTP, and the search and 360° pages. */
public final class CustomerRoutes implements WebVerticle.Routes {

    private static final int SEARCH_LIMIT = 50;

    private final CustomerStore customers;
    private final java.util.function.LongFunction<io.vertx.core.Future<io.vertx.core.json.JsonArray>> openComplaints;

    /** {@code openComplaints}: the customer's open complaints with their SLA state, for the 360° page. */
    public CustomerRoutes(CustomerStore customers,
                          java.util.function.LongFunction<io.vertx.core.Future<io.vertx.core.json.JsonArray>> openComplaints) {
        this.customers = customers;
        this.openComplaints = openComplaints;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/customers").handler(Access.api(Role.AGENT)).handler(this::find);
        router.post("/api/customers").handler(Access.api(Role.AGENT)).handler(this::create);
        router.post("/api/customers/import").handler(Access.api(Role.ADMIN)).handler(this::importCsv);
        router.post("/api/customers/reclassify").handler(Access.api(Role.ADMIN)).handler(this::reclassify);
        router.get("/api/customers/:id").handler(Access.api(Role.AGENT)).handler(this::one);
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
            customers.searchByName(q.trim(), SEARCH_LIMIT)
                    .onSuccess(found -> ctx.json(new JsonObject().put("customers", found)))
                    .onFailure(ctx::fail);
        } else {
            throw HttpError.badRequest("give 'phone' (a number in any format) or 'q' (the start of a name)");
        }
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
        pages.render(ctx, "customers/new.ftl", Pages.model("title", "New customer",
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
            pages.render(ctx, "customers/search.ftl", Pages.model("title", "Customers")).onFailure(ctx::fail);
            return;
        }
        String text = q.trim().length() > 100 ? q.trim().substring(0, 100) : q.trim();
        boolean looksLikePhone = text.matches("[+0-9 ()\\-.]{5,}");
        if (looksLikePhone) {
            customers.byPhone(text).onSuccess(found -> {
                if (found.isPresent()) {
                    ctx.redirect("/customers/" + found.get().id());
                } else {
                    pages.render(ctx, "customers/search.ftl", Pages.model("title", "Customers", "q", text,
                            "results", new io.vertx.core.json.JsonArray(), "unknownPhone", text)).onFailure(ctx::fail);
                }
            }).onFailure(ctx::fail);
        } else {
            customers.searchByName(text, SEARCH_LIMIT)
                    .compose(found -> pages.render(ctx, "customers/search.ftl",
                            Pages.model("title", "Customers", "q", text, "results", found)))
                    .onFailure(ctx::fail);
        }
    }

    private void customerPage(RoutingContext ctx, Pages pages) {
        long id = Bodies.pathId(ctx, "id");
        customers.byId(id).compose(found -> {
            if (found.isEmpty()) {
                return io.vertx.core.Future.failedFuture(HttpError.notFound("There is no customer with id " + id + "."));
            }
            return openComplaints.apply(id).otherwise(new io.vertx.core.json.JsonArray())
                    .compose(open -> pages.render(ctx, "customers/customer.ftl",
                            Pages.model("title", found.get().name(), "customer", found.get().toJson(), "complaints", open)));
        }).onFailure(ctx::fail);
    }

    private void importPage(RoutingContext ctx, Pages pages) {
        pages.render(ctx, "customers/import.ftl", Pages.model("section", "import",
                "columns", String.join(",", CustomerImport.COLUMNS))).onFailure(ctx::fail);
    }
}
