package org.calldesk.app;

import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.DataSettings;
import org.calldesk.platform.Database;
import org.calldesk.platform.DatabaseSettings;
import org.calldesk.platform.SecuritySettings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.Passwords;
import org.calldesk.platform.Role;

import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code admin create-user}: makes an account against the configured (or embedded) database. */
final class AdminCommand {

    private AdminCommand() {
    }

    static int run(JsonObject config, List<String> args) {
        if (args.size() < 2 || !"admin".equals(args.get(0)) || !"create-user".equals(args.get(1))) {
            Main.usage();
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i + 1 < args.size(); i += 2) {
            options.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
        }
        String password = System.getenv("CALLDESK_NEW_PASSWORD");
        if (password == null) {
            Console console = System.console();
            if (console == null) {
                System.err.println("set CALLDESK_NEW_PASSWORD or run in a terminal to be asked for the password");
                return 2;
            }
            password = new String(console.readPassword("password for %s: ", options.get("username")));
        }
        AgentStore.NewAgent agent;
        try {
            agent = new AgentStore.NewAgent(options.get("username"), options.get("name"),
                    Role.of(options.getOrDefault("role", "agent")), options.get("interface"),
                    options.containsKey("queues") ? Arrays.asList(options.get("queues").split(",")) : List.of(),
                    List.of(), options.get("team"));
        } catch (RuntimeException e) {
            System.err.println("create-user: " + e.getMessage());
            return 2;
        }
        ConfigSection root = ConfigSection.root(config);
        DatabaseSettings db;
        Path dataDir;
        int iterations;
        try {
            db = DatabaseSettings.from(root);
            dataDir = DataSettings.from(root).dir();
            iterations = SecuritySettings.from(root).pbkdf2Iterations();
        } catch (RuntimeException e) {
            System.err.println("create-user: " + e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        EmbeddedServices embedded = new EmbeddedServices();
        try {
            Database database = db.embedded()
                    ? new Database(embedded.startPostgres(dataDir, 0, true), "postgres", "postgres")
                    : new Database(db.url(), db.user(), db.password());
            String pw = password;
            Future<?> done = database.migrate(vertx).compose(v -> {
                Pool pg = database.pool(vertx, 2);
                AgentStore store = new AgentStore(vertx, pg, new Passwords(iterations));
                return store.create(agent, pw).eventually(pg::close);
            });
            done.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            System.out.println("created " + agent.role().label() + " '" + agent.username() + "'");
            return 0;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("create-user failed: " + cause.getMessage());
            return 1;
        } finally {
            embedded.stop();
            vertx.close();
        }
    }
}
