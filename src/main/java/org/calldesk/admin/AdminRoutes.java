package org.calldesk.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.calldesk.agents.AgentStore;
import org.calldesk.platform.DisplayTime;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The admin pages ({@code /admin/...}) and the API their forms send to ({@code /api/admin/...}): admins only, CSRF
 * on every change, every field checked and each one at fault named, every change in the audit trail.
 */
public final class AdminRoutes implements WebVerticle.Routes {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,39}");
    private static final Pattern SKILL = Pattern.compile("[\\p{L}\\p{N}._-]{1,40}");
    private static final int TEAM_MAX = 40;

    private final AgentAdmin agents;
    private final SettingsPages settingsPages;
    private final List<String> queues;

    /** @param queues the queues configured under {@code telephony.queues}, the only ones an agent can be put in */
    public AdminRoutes(AgentAdmin agents, LiveSettings settings, AdminAudit audit, DisplayTime time,
                       List<String> queues) {
        this.agents = agents;
        this.queues = List.copyOf(queues);
        this.settingsPages = new SettingsPages(settings, audit, time);
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/admin").handler(Access.page(Role.ADMIN)).handler(ctx -> render(ctx, pages, "admin/index.ftl",
                Pages.model("title", "Administration", "section", "index")));
        router.get("/admin/agents").handler(Access.page(Role.ADMIN)).handler(ctx -> agentsPage(ctx, pages));
        router.get("/admin/agents/:id").handler(Access.page(Role.ADMIN)).handler(ctx -> agentPage(ctx, pages));
        router.get("/api/admin/agents").handler(Access.api(Role.ADMIN)).handler(this::listAgents);
        router.post("/api/admin/agents").handler(Access.api(Role.ADMIN)).handler(this::createAgent);
        router.put("/api/admin/agents/:id").handler(Access.api(Role.ADMIN)).handler(this::updateAgent);
        router.post("/api/admin/agents/:id/active").handler(Access.api(Role.ADMIN)).handler(this::setActive);
        router.post("/api/admin/agents/:id/password").handler(Access.api(Role.ADMIN)).handler(this::resetPassword);
        settingsPages.mount(router, pages);
    }

    static void render(RoutingContext ctx, Pages pages, String template, java.util.Map<String, Object> model) {
        pages.render(ctx, template, model).onFailure(ctx::fail);
    }

    private void agentsPage(RoutingContext ctx, Pages pages) {
        agents.all().onSuccess(all -> render(ctx, pages, "admin/agents.ftl", Pages.model("title", "Agents",
                "section", "agents", "agents", all.stream().map(AdminRoutes::view).toList(), "roles", roles(),
                "queues", queues))).onFailure(ctx::fail);
    }

    private void agentPage(RoutingContext ctx, Pages pages) {
        long id = Bodies.pathId(ctx, "id");
        agents.byId(id).onSuccess(agent -> render(ctx, pages, "admin/agent.ftl", Pages.model("title", agent.username(),
                "section", "agents", "agent", view(agent), "roles", roles(), "queues", choices(agent)))).onFailure(ctx::fail);
    }

    /** An account as the templates read it. */
    private static JsonObject view(AgentAdmin.Account account) {
        return account.toJson().put("queuesText", account.queuesText()).put("skillsText", account.skillsText());
    }

    private static List<String> roles() {
        return List.of(Role.AGENT.label(), Role.SUPERVISOR.label(), Role.ADMIN.label());
    }

    private void listAgents(RoutingContext ctx) {
        agents.all().onSuccess(all -> ctx.json(new JsonArray(all.stream().map(AgentAdmin.Account::toJson).toList())))
                .onFailure(ctx::fail);
    }

    /** {@code {username, displayName, role, password, interface, queues: [], skills: [], team}} */
    private void createAgent(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "username", "displayName", "role", "password", "interface", "queues", "skills", "team");
        FormErrors errors = new FormErrors(ctx);
        String username = text(body, "username", 40, errors);
        String password = text(body, "password", 1000, errors);
        AgentAdmin.Profile profile = profile(body, errors);
        String iface = text(body, "interface", 120, errors);
        List<String> queues = knownQueues(body, errors);
        errors.check(() -> new AgentStore.NewAgent(username, null, Role.AGENT, null, null, null, null));
        errors.check(() -> new AgentStore.LineChange.Phone(iface));
        errors.check(() -> new AgentStore.LineChange(null, queues == null ? List.of() : queues));
        if (username != null && password != null) {
            String problem = agents.passwordProblem(username, password);
            if (problem != null) {
                errors.add("password", problem);
            }
        } else if (password == null) {
            errors.say("password", "admin.error.required");
        }
        throwIfAny(errors);
        AgentStore.NewAgent agent = new AgentStore.NewAgent(username.trim(), profile.displayName(), profile.role(), iface,
                queues, profile.skills(), profile.team());
        agents.create(actor(ctx), agent, password)
                .onSuccess(created -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(created.toJson().encode()))
                .onFailure(e -> ctx.fail(refusal(ctx, e)));
    }

    /** {@code {displayName, role, team, skills: [], interface, queues: []}}: the whole account as the form shows it. */
    private void updateAgent(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "displayName", "role", "team", "skills", "interface", "queues");
        FormErrors errors = new FormErrors(ctx);
        AgentAdmin.Profile profile = profile(body, errors);
        AgentStore.LineChange[] line = new AgentStore.LineChange[1];
        if (body.containsKey("interface") || body.containsKey("queues")) {
            String iface = text(body, "interface", 120, errors);
            List<String> queues = knownQueues(body, errors);
            errors.check(() -> line[0] = new AgentStore.LineChange(
                    body.containsKey("interface") ? new AgentStore.LineChange.Phone(iface) : null, queues));
        }
        throwIfAny(errors);
        agents.update(actor(ctx), id, profile, line[0])
                .onSuccess(account -> ctx.json(account.toJson()))
                .onFailure(e -> ctx.fail(refusal(ctx, e)));
    }

    /** {@code {active: true|false}} */
    private void setActive(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "active");
        if (!(body.getValue("active") instanceof Boolean active)) {
            throw HttpError.badRequest("field 'active' must be true or false");
        }
        agents.setActive(actor(ctx), id, active)
                .onSuccess(account -> ctx.json(account.toJson()))
                .onFailure(e -> ctx.fail(refusal(ctx, e)));
    }

    /** {@code {password}} */
    private void resetPassword(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "password");
        FormErrors errors = new FormErrors(ctx);
        String password = text(body, "password", 1000, errors);
        if (password == null && !errors.any()) {
            errors.say("password", "admin.error.required");
        }
        throwIfAny(errors);
        agents.resetPassword(actor(ctx), id, password)
                .onSuccess(account -> ctx.json(new JsonObject().put("username", account.username()).put("reset", true)))
                .onFailure(e -> ctx.fail(refusal(ctx, e)));
    }

    /** The configured queues, and any other the agent is in (shown so that the admin sees it and can take it away). */
    private List<String> choices(AgentAdmin.Account agent) {
        List<String> all = new java.util.ArrayList<>(queues);
        agent.queues().stream().filter(queue -> !all.contains(queue)).forEach(all::add);
        return all;
    }

    /** The queues asked for, each one configured; null when not given. */
    private List<String> knownQueues(JsonObject body, FormErrors errors) {
        List<String> asked = names(body, "queues", errors);
        if (asked != null) {
            asked.stream().filter(queue -> !queues.contains(queue)).findFirst().ifPresent(queue ->
                    errors.say("queues", "admin.error.unknownQueue", queue, String.join(", ", queues)));
        }
        return asked;
    }

    private static AgentAdmin.Profile profile(JsonObject body, FormErrors errors) {
        String displayName = text(body, "displayName", 100, errors);
        String roleText = text(body, "role", 20, errors);
        Role role = null;
        if (roleText == null) {
            errors.add("role", "role is missing (agent, supervisor or admin)");
        } else {
            try {
                role = Role.of(roleText);
            } catch (IllegalArgumentException e) {
                errors.add("role", e.getMessage());
            }
        }
        String team = text(body, "team", TEAM_MAX, errors);
        List<String> skills = names(body, "skills", errors);
        if (skills != null) {
            for (String skill : skills) {
                if (!SKILL.matcher(skill).matches()) {
                    errors.add("skills", "skills are 1-40 letters, digits, '.', '_' or '-', not '" + skill + "'");
                }
            }
        }
        return new AgentAdmin.Profile(displayName == null || displayName.isBlank() ? null : displayName.trim(), role,
                team == null || team.isBlank() ? null : team.trim(), skills == null ? List.of() : skills);
    }

    /** A string field, trimmed; null when absent or blank. */
    static String text(JsonObject body, String field, int max, FormErrors errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            errors.add(field, "must be text");
            return null;
        }
        if (s.length() > max) {
            errors.add(field, "is longer than " + max + " characters");
            return null;
        }
        return s.isBlank() ? null : s.trim();
    }

    /** An array of names, each trimmed, blanks left out; null when absent. */
    static List<String> names(JsonObject body, String field, FormErrors errors) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            errors.add(field, "must be a list of names");
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s)) {
                errors.add(field, "must be a list of names");
                return null;
            }
            if (!s.isBlank()) {
                names.add(s.trim());
            }
        }
        return names;
    }

    /** Names for a list the features offer (pause reasons, dispositions, categories): at least one, no twins. */
    static List<String> listValues(JsonObject body, FormErrors errors) {
        List<String> values = names(body, "values", errors);
        if (values == null || values.isEmpty()) {
            errors.say("values", "admin.error.valuesEmpty");
            return List.of();
        }
        List<String> seen = new ArrayList<>();
        for (String value : values) {
            if (!NAME.matcher(value).matches()) {
                errors.say("values", "admin.error.valuesBad", value);
            } else if (seen.contains(value.toLowerCase(Locale.ROOT))) {
                errors.say("values", "admin.error.valuesTwice", value);
            }
            seen.add(value.toLowerCase(Locale.ROOT));
        }
        return values;
    }

    /** The form's errors as the answer: 400, each field at fault named with what is wrong. */
    static HttpError refused(FormErrors errors) {
        return new HttpError(400, errors.message(), errors.details());
    }

    static void throwIfAny(FormErrors errors) {
        if (errors.any()) {
            throw refused(errors);
        }
    }

    /** A store's Invalid as the form's errors; any other failure as it is. */
    static Throwable refusal(RoutingContext ctx, Throwable failure) {
        FormErrors errors = FormErrors.of(ctx, failure);
        return errors == null ? failure : refused(errors);
    }

    static String actor(RoutingContext ctx) {
        return Access.user(ctx).username();
    }
}
