package org.calldesk.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.calldesk.platform.DisplayTime;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pages and API for the settings kept over the YAML: the lists (pause reasons, dispositions, complaint
 * categories), SLA targets by severity, business calendars; and the audit trail.
 */
final class SettingsPages implements WebVerticle.Routes {

    /** The lists by their name in URLs, with the key path each one overrides. */
    static final Map<String, String> LISTS = Map.of(
            "pause-reasons", "agents.pause_reasons",
            "dispositions", "calls.dispositions",
            "categories", "complaints.categories");
    static final List<String> SEVERITIES = List.of("critical", "high", "normal", "low");
    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern CALENDAR_NAME = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final int AUDIT_PAGE = 200;

    private final LiveSettings settings;
    private final AdminAudit audit;
    private final DisplayTime time;

    SettingsPages(LiveSettings settings, AdminAudit audit, DisplayTime time) {
        this.settings = settings;
        this.audit = audit;
        this.time = time;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/admin/lists").handler(Access.page(Role.ADMIN)).handler(ctx -> listsPage(ctx, pages));
        router.get("/admin/sla").handler(Access.page(Role.ADMIN)).handler(ctx -> slaPage(ctx, pages));
        router.get("/admin/calendars").handler(Access.page(Role.ADMIN)).handler(ctx -> calendarsPage(ctx, pages));
        router.get("/admin/audit").handler(Access.page(Role.ADMIN)).handler(ctx -> auditPage(ctx, pages));
        router.put("/api/admin/lists/:name").handler(Access.api(Role.ADMIN)).handler(this::changeList);
        router.delete("/api/admin/lists/:name").handler(Access.api(Role.ADMIN)).handler(ctx -> reset(ctx, ctx.pathParam("name"), listPath(ctx)));
        router.put("/api/admin/sla/:severity").handler(Access.api(Role.ADMIN)).handler(this::changeTarget);
        router.delete("/api/admin/sla/:severity").handler(Access.api(Role.ADMIN)).handler(ctx -> reset(ctx, ctx.pathParam("severity"), targetPath(ctx)));
        router.put("/api/admin/calendars/:name").handler(Access.api(Role.ADMIN)).handler(this::changeCalendar);
        router.delete("/api/admin/calendars/:name").handler(Access.api(Role.ADMIN)).handler(this::resetCalendar);
        router.get("/api/admin/settings").handler(Access.api(Role.ADMIN)).handler(this::current);
        router.get("/api/admin/audit").handler(Access.api(Role.ADMIN)).handler(this::auditJson);
    }

    // --- pages

    private void listsPage(RoutingContext ctx, Pages pages) {
        List<Map<String, Object>> lists = new ArrayList<>();
        for (String name : List.of("pause-reasons", "dispositions", "categories")) {
            String path = LISTS.get(name);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("name", name);
            list.put("values", strings(settings.value(path)));
            list.put("changed", settings.changed(path));
            lists.add(list);
        }
        AdminRoutes.render(ctx, pages, "admin/lists.ftl", Pages.model("title", "Lists", "section", "lists", "lists", lists));
    }

    private void slaPage(RoutingContext ctx, Pages pages) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (String severity : SEVERITIES) {
            JsonObject target = (JsonObject) settings.value("sla.targets." + severity);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("severity", severity);
            row.put("calendar", target.getString("calendar", ""));
            row.put("firstResponse", String.valueOf(target.getValue("first_response", "")));
            row.put("resolution", String.valueOf(target.getValue("resolution", "")));
            row.put("changed", settings.changed("sla.targets." + severity));
            targets.add(row);
        }
        AdminRoutes.render(ctx, pages, "admin/sla.ftl", Pages.model("title", "SLA targets", "section", "sla",
                "targets", targets, "calendars", calendarNames()));
    }

    private void calendarsPage(RoutingContext ctx, Pages pages) {
        List<Map<String, Object>> calendars = new ArrayList<>();
        JsonObject all = (JsonObject) settings.value("sla.calendars");
        for (String name : calendarNames()) {
            JsonObject calendar = all.getJsonObject(name);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("zone", calendar.getString("zone", ""));
            row.put("alwaysOpen", Boolean.TRUE.equals(calendar.getValue("always_open"))
                    || "true".equals(String.valueOf(calendar.getValue("always_open"))));
            JsonObject hours = calendar.getJsonObject("hours", new JsonObject());
            Map<String, String> days = new LinkedHashMap<>();
            for (String day : DAYS) {
                Object value = hours.getValue(day);
                days.put(day, value == null ? "" : value instanceof JsonArray a ? String.join(", ", strings(a)) : value.toString());
            }
            row.put("hours", days);
            row.put("holidays", String.join("\n", strings(calendar.getValue("holidays"))));
            row.put("changed", settings.changed("sla.calendars." + name));
            calendars.add(row);
        }
        AdminRoutes.render(ctx, pages, "admin/calendars.ftl", Pages.model("title", "Business calendars",
                "section", "calendars", "calendars", calendars, "days", DAYS));
    }

    private void auditPage(RoutingContext ctx, Pages pages) {
        audit.latest(AUDIT_PAGE, null).onSuccess(entries -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AdminAudit.Entry entry : entries) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("at", time.at(entry.at().toInstant().toString()));
                row.put("actor", entry.actor());
                row.put("area", entry.area());
                row.put("subject", entry.subject());
                row.put("action", entry.action());
                row.put("before", entry.beforeText());
                row.put("after", entry.afterText());
                row.put("changes", changes(entry.before(), entry.after()));
                rows.add(row);
            }
            AdminRoutes.render(ctx, pages, "admin/audit.ftl", Pages.model("title", "Audit trail", "section", "audit",
                    "entries", rows, "zone", time.zone()));
        }).onFailure(ctx::fail);
    }

    /**
     * What changed between two objects, one line per key ({@code role: agent → supervisor}); empty when the values are
     * not both objects (lists, a creation), which the page then shows whole.
     */
    static List<String> changes(Object before, Object after) {
        if (!(before instanceof JsonObject b) || !(after instanceof JsonObject a)) {
            return List.of();
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(b.fieldNames());
        keys.addAll(a.fieldNames());
        List<String> lines = new ArrayList<>();
        for (String key : keys) {
            Object was = b.getValue(key);
            Object now = a.getValue(key);
            if (!java.util.Objects.equals(was, now)) {
                lines.add(key + ": " + shown(was) + " → " + shown(now));
            }
        }
        return lines;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof JsonArray array) {
            return array.isEmpty() ? "—" : String.join(", ", strings(array));
        }
        return value instanceof JsonObject object ? object.encode() : value.toString();
    }

    // --- API

    private void current(RoutingContext ctx) {
        JsonObject effective = settings.effective();
        JsonObject body = new JsonObject();
        LISTS.forEach((name, path) -> body.put(name, LiveSettings.at(effective, path)));
        body.put("sla", new JsonObject().put("targets", LiveSettings.at(effective, "sla.targets"))
                .put("calendars", LiveSettings.at(effective, "sla.calendars")));
        ctx.json(body);
    }

    private void auditJson(RoutingContext ctx) {
        String area = ctx.request().getParam("area");
        audit.latest(AUDIT_PAGE, area == null || area.isBlank() ? null : area)
                .onSuccess(entries -> ctx.json(new JsonArray(entries.stream().map(AdminAudit.Entry::toJson).toList())))
                .onFailure(ctx::fail);
    }

    /** {@code {values: [...]}} */
    private void changeList(RoutingContext ctx) {
        String path = listPath(ctx);
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "values");
        FormErrors errors = new FormErrors(ctx);
        List<String> values = AdminRoutes.listValues(body, errors);
        AdminRoutes.throwIfAny(errors);
        save(ctx, "lists", ctx.pathParam("name"), path, new JsonArray(new ArrayList<>(values)));
    }

    /** {@code {calendar, first_response, resolution}}, as written in the YAML. */
    private void changeTarget(RoutingContext ctx) {
        String path = targetPath(ctx);
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "calendar", "first_response", "resolution");
        FormErrors errors = new FormErrors(ctx);
        JsonObject target = new JsonObject();
        for (String field : List.of("calendar", "first_response", "resolution")) {
            String value = AdminRoutes.text(body, field, 40, errors);
            if (value == null) {
                errors.say(field, "admin.error.required");
            }
            target.put(field, value);
        }
        if (target.getString("calendar") != null && !calendarNames().contains(target.getString("calendar"))) {
            errors.add("calendar", "no calendar named '" + target.getString("calendar") + "'");
        }
        AdminRoutes.throwIfAny(errors);
        save(ctx, "sla", ctx.pathParam("severity"), path, target);
    }

    /** {@code {zone, always_open, hours: {mon: "09:00-18:00", …}, holidays: [...]}}, as written in the YAML. */
    private void changeCalendar(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!CALENDAR_NAME.matcher(name).matches()) {
            FormErrors errors = new FormErrors(ctx);
            errors.add("name", "calendar names are 1-40 lower-case letters, digits, '_' or '-'");
            throw AdminRoutes.refused(errors);
        }
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "zone", "always_open", "hours", "holidays");
        FormErrors errors = new FormErrors(ctx);
        String zoneName = AdminRoutes.text(body, "zone", 60, errors);
        if (zoneName == null) {
            errors.say("zone", "admin.error.required");
        }
        Object alwaysOpen = body.getValue("always_open", false);
        if (!(alwaysOpen instanceof Boolean)) {
            errors.add("always_open", "must be true or false");
        }
        JsonObject hours = new JsonObject();
        Object given = body.getValue("hours");
        if (given != null && !(given instanceof JsonObject)) {
            errors.add("hours", "must give the hours of each day");
        } else if (given instanceof JsonObject days) {
            for (String day : days.fieldNames()) {
                if (!DAYS.contains(day)) {
                    errors.add("hours." + day, "unknown day; use mon, tue, wed, thu, fri, sat, sun");
                }
            }
            for (String day : DAYS) {
                String value = AdminRoutes.text(days, day, 100, errors);
                hours.put(day, value == null ? "" : value);
            }
        }
        List<String> holidays = AdminRoutes.names(body, "holidays", errors);
        AdminRoutes.throwIfAny(errors);
        JsonObject calendar = new JsonObject().put("zone", zoneName).put("always_open", alwaysOpen)
                .put("hours", hours).put("holidays", new JsonArray(holidays == null ? List.of() : holidays));
        save(ctx, "calendars", name, "sla.calendars." + name, calendar);
    }

    /**
     * Back to the YAML's calendar. A calendar that only an administrator made stays: complaints counted on it keep
     * needing it.
     */
    private void resetCalendar(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String path = "sla.calendars." + name;
        if (!settings.changed(path)) {
            throw HttpError.notFound("calendar '" + name + "' has no change to undo");
        }
        if (LiveSettings.at(settings.defaultsView(), path) == null) {
            FormErrors errors = new FormErrors(ctx);
            errors.add("name", "a calendar made here cannot be removed: complaints may be counted on it");
            throw AdminRoutes.refused(errors);
        }
        reset(ctx, name, path);
    }

    /** Back to the YAML's value; {@code subject} names it in the audit trail as its change did. */
    private void reset(RoutingContext ctx, String subject, String path) {
        settings.change(AdminRoutes.actor(ctx), area(path), subject, path, null)
                .onSuccess(v -> ctx.json(new JsonObject().put("path", path).put("value", settings.value(path))))
                .onFailure(e -> ctx.fail(AdminRoutes.refusal(ctx, e)));
    }

    private void save(RoutingContext ctx, String area, String subject, String path, Object value) {
        settings.change(AdminRoutes.actor(ctx), area, subject, path, value)
                .onSuccess(v -> ctx.json(new JsonObject().put("path", path).put("value", settings.value(path))))
                .onFailure(e -> ctx.fail(AdminRoutes.refusal(ctx, e instanceof org.calldesk.platform.Invalid invalid
                        && area.equals("lists") ? new org.calldesk.platform.Invalid("values", invalid.getMessage()) : e)));
    }

    private static String area(String path) {
        return path.startsWith("sla.targets") ? "sla" : path.startsWith("sla.calendars") ? "calendars" : "lists";
    }

    private static String listPath(RoutingContext ctx) {
        String path = LISTS.get(ctx.pathParam("name"));
        if (path == null) {
            throw HttpError.notFound("no list '" + ctx.pathParam("name") + "'; the lists are " + String.join(", ", LISTS.keySet()));
        }
        return path;
    }

    private static String targetPath(RoutingContext ctx) {
        String severity = ctx.pathParam("severity");
        if (!SEVERITIES.contains(severity)) {
            throw HttpError.notFound("no severity '" + severity + "'; use " + String.join(", ", SEVERITIES));
        }
        return "sla.targets." + severity;
    }

    private List<String> calendarNames() {
        JsonObject all = (JsonObject) settings.value("sla.calendars");
        return all.fieldNames().stream().sorted().toList();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }
}
