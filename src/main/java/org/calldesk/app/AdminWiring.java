package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import org.calldesk.admin.AdminAudit;
import org.calldesk.admin.AdminRoutes;
import org.calldesk.admin.AgentAdmin;
import org.calldesk.admin.LiveSettings;
import org.calldesk.agents.Agent;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.PasswordRules;
import org.calldesk.agents.Passwords;
import org.calldesk.platform.DisplayTime;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.web.WebVerticle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The administration part of the composition root: the settings kept over the YAML, read and applied before the
 * web server opens; the admin pages; and the change notices of {@link LiveSettings#CHANGED}, on which this node
 * reloads the settings and its agent directory (another node, or this one, changed them).
 */
final class AdminWiring {

    private static final Logger log = LoggerFactory.getLogger(AdminWiring.class);

    private final LiveSettings settings;
    private final AdminRoutes routes;
    private final AgentDirectory lines;
    private final Vertx vertx;
    private MessageConsumer<JsonObject> notices;

    AdminWiring(Vertx vertx, Pool pg, JsonObject config, Settings settings, AgentStore agents, AgentDirectory lines,
                AgentPresence presence, Function<Agent, Future<Void>> lineChanged) {
        this.vertx = vertx;
        this.lines = lines;
        this.settings = new LiveSettings(vertx, pg, config, settings.agents().pauseReasons(),
                settings.calls().dispositions(), settings.complaints().categories(), settings.sla());
        AgentAdmin accounts = new AgentAdmin(vertx, pg, agents, new Passwords(settings.security().pbkdf2Iterations()),
                new PasswordRules(settings.demo().enabled()), lines, presence, lineChanged);
        this.routes = new AdminRoutes(accounts, this.settings, new AdminAudit(pg), new DisplayTime(settings.display()),
                settings.boardQueues().stream().map(org.calldesk.board.BoardQueue::name).toList());
    }

    /** Applies what administrators changed, and listens for their next changes. */
    Future<Void> start() {
        notices = vertx.eventBus().consumer(LiveSettings.CHANGED, notice -> settings.reload()
                .compose(v -> lines.refresh())
                .onFailure(e -> log.warn("administrators' change ({}) not reloaded: {}", notice.body(), e.getMessage())));
        return settings.reload().compose(v -> notices.completion());
    }

    WebVerticle.Routes routes() {
        return routes;
    }

    Future<Void> stop() {
        return notices == null ? Future.succeededFuture() : notices.unregister().otherwiseEmpty();
    }
}
