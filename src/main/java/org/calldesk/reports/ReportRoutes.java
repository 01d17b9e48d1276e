package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.Messages;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The reports: pages at {@code /reports/NAME} and their data at {@code /api/reports/NAME} (JSON) and
 * {@code /api/reports/NAME.csv} (the same table as CSV), for supervisors and admins. {@code /reports/me} shows any
 * signed-in user their own agent figures, and nobody else's.
 */
public final class ReportRoutes implements WebVerticle.Routes {

    /** A report as the routes run it: the request's parameters and who asks, to its answer. */
    public interface Runner extends BiFunction<MultiMap, SessionUser, Future<JsonObject>> {
    }

    /** A report's page: its title and the filters it offers. */
    public record Page(String name, String title, List<String> filters, Runner runner) {
    }

    private final Map<String, Page> reports = new LinkedHashMap<>();
    private final Page me;
    private final Supplier<Future<JsonObject>> options;
    private final String zone;

    /**
     * @param me      the signed-in agent's own figures
     * @param options the choices the filters offer (queues, tiers, teams, agents, categories), as JSON lists
     */
    public ReportRoutes(List<Page> pages, Page me, Supplier<Future<JsonObject>> options, String zone) {
        this.zone = zone;
        pages.forEach(page -> reports.put(page.name(), page));
        this.me = me;
        this.options = options;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/reports").handler(Access.page(Role.SUPERVISOR)).handler(ctx -> ctx.redirect("/reports/queues"));
        router.get("/reports/me").handler(Access.page(Role.AGENT)).handler(ctx -> page(ctx, pages, me));
        router.get("/api/reports/me").handler(Access.api(Role.AGENT)).handler(ctx -> data(ctx, me, false));
        router.get("/api/reports/me.csv").handler(Access.api(Role.AGENT)).handler(ctx -> data(ctx, me, true));
        router.get("/api/reports/options").handler(Access.api(Role.SUPERVISOR))
                .handler(ctx -> options.get().onSuccess(ctx::json).onFailure(ctx::fail));
        for (Page report : reports.values()) {
            router.get("/reports/" + report.name()).handler(Access.page(Role.SUPERVISOR)).handler(ctx -> page(ctx, pages, report));
            router.get("/api/reports/" + report.name()).handler(Access.api(Role.SUPERVISOR)).handler(ctx -> data(ctx, report, false));
            router.get("/api/reports/" + report.name() + ".csv").handler(Access.api(Role.SUPERVISOR))
                    .handler(ctx -> data(ctx, report, true));
        }
    }

    private void data(RoutingContext ctx, Page report, boolean csv) {
        SessionUser user = Access.user(ctx);
        String language = Messages.language(ctx);
        report.runner().apply(ctx.queryParams(), user).map(answer -> translated(answer, language)).onSuccess(answer -> {
            if (!csv) {
                ctx.json(answer);
                return;
            }
            String name = report.name() + "-" + answer.getString("from", "") + "-" + answer.getString("to", "") + ".csv";
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "") + "\"")
                    .end(Buffer.buffer(ReportTable.of(answer, Messages.get().text(language, "report.total")).csv()));
        }).onFailure(ctx::fail);
    }

    /** Column labels and the note in the user's language (the CSV's header too); labels without a key stay as written. */
    private static JsonObject translated(JsonObject answer, String language) {
        Messages messages = Messages.get();
        JsonArray columns = answer.getJsonArray("columns");
        for (int i = 0; columns != null && i < columns.size(); i++) {
            JsonObject column = columns.getJsonObject(i);
            String key = "report.col." + column.getString("key");
            if (messages.has(key)) {
                column.put("label", messages.text(language, key));
            }
        }
        String noteKey = (String) answer.remove("noteKey");
        JsonArray args = (JsonArray) answer.remove("noteArgs");
        if (noteKey != null) {
            answer.put("note", messages.text(language, noteKey, args == null ? new Object[0] : args.getList().toArray()));
        }
        return answer;
    }

    private void page(RoutingContext ctx, Pages pages, Page report) {
        SessionUser user = Access.user(ctx);
        List<Map<String, String>> links = new ArrayList<>();
        if (user.role().atLeast(Role.SUPERVISOR)) {
            reports.values().forEach(p -> links.add(Map.of("name", p.name(), "title", p.title())));
        }
        links.add(Map.of("name", me.name(), "title", me.title()));
        pages.render(ctx, "reports/report.ftl", Pages.model("title", report.title(), "report", report.name(),
                        "links", links, "filters", report.filters(), "zone", zone))
                .onFailure(ctx::fail);
    }
}
