package org.calldesk.agents;

import org.calldesk.platform.Role;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The admins' view of accounts: who answers on which phone, in which queues. */
public final class AgentRoutes implements WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(AgentRoutes.class);

    private final AgentStore agents;
    private final Function<Agent, Future<Void>> lineChanged;

    /** @param lineChanged what else follows a change of phone or queues (calls are matched to the new phone) */
    public AgentRoutes(AgentStore agents, Function<Agent, Future<Void>> lineChanged) {
        this.agents = agents;
        this.lineChanged = lineChanged;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/agents").handler(Access.api(Role.ADMIN)).handler(this::list);
        router.patch("/api/agents/:id").handler(Access.api(Role.ADMIN)).handler(this::changeLine);
    }

    private void list(RoutingContext ctx) {
        agents.all()
                .onSuccess(all -> ctx.json(new JsonArray(all.stream().map(AgentRoutes::json).toList())))
                .onFailure(ctx::fail);
    }

    /** {@code {"interface": "PJSIP/1001" | null, "queues": [...]}}, either or both; null takes the phone away. */
    private void changeLine(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        JsonObject body = Bodies.json(ctx);
        Bodies.onlyFields(body, "interface", "queues");
        AgentStore.LineChange change = new AgentStore.LineChange(
                body.containsKey("interface") ? new AgentStore.LineChange.Phone(Bodies.optionalString(body, "interface", 120)) : null,
                body.containsKey("queues") ? strings(body, "queues") : null);
        String admin = Access.user(ctx).username();
        agents.changeLine(id, change)
                .compose(agent -> {
                    log.info("{} set {}'s phone to {} in queues {}", admin, agent.username(), agent.iface(), agent.queues());
                    // Saved either way; if the live side could not follow now, the periodic agent refresh catches up.
                    return lineChanged.apply(agent)
                            .onFailure(e -> log.warn("{}'s new phone is saved but not yet in use: {}", agent.username(), e.getMessage()))
                            .otherwiseEmpty()
                            .map(agent);
                })
                .onSuccess(agent -> ctx.json(json(agent)))
                .onFailure(ctx::fail);
    }

    private static List<String> strings(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof JsonArray array)) {
            throw HttpError.badRequest("field '" + field + "' must be an array of names");
        }
        List<String> names = new ArrayList<>(array.size());
        for (Object value : array) {
            if (!(value instanceof String name)) {
                throw HttpError.badRequest("field '" + field + "' must be an array of names");
            }
            names.add(name);
        }
        return names;
    }

    private static JsonObject json(Agent agent) {
        return new JsonObject().put("id", agent.id()).put("username", agent.username())
                .put("displayName", agent.displayName()).put("role", agent.role().label())
                .put("interface", agent.iface()).put("queues", new JsonArray(agent.queues())).put("team", agent.team());
    }
}
