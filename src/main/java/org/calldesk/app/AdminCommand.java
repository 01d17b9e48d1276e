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
import org.calldesk.agents.Agent;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.PasswordRules;
import org.calldesk.agents.Passwords;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.Role;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code admin create-user} and {@code admin update-user}: accounts, written to the database the server uses, found
 * exactly as the server finds it. With the embedded database the command starts PostgreSQL on the server's data
 * directory and port, so it refuses (exit code 3) while a server has them, rather than stop that server's database.
 */
final class AdminCommand {

    static final int USAGE = 2;
    static final int FAILED = 1;
    static final int IN_USE = 3;

    private static final String NONE = "none";

    private AdminCommand() {
    }

    static int run(JsonObject config, List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() < 2 || !"admin".equals(args.get(0))) {
            Main.usage();
            return USAGE;
        }
        String command = args.get(1);
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.size(); i += 2) {
            if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
                err.println(command + ": expected --option value, got '" + args.get(i) + "'");
                return USAGE;
            }
            options.put(args.get(i).substring(2), args.get(i + 1));
        }
        return switch (command) {
            case "create-user" -> createUser(config, options, env, out, err);
            case "update-user" -> updateUser(config, options, out, err);
            default -> {
                Main.usage();
                yield USAGE;
            }
        };
    }

    private static int createUser(JsonObject config, Map<String, String> options, Map<String, String> env,
                                  PrintStream out, PrintStream err) {
        String unknown = unknownOption(options, Set.of("username", "name", "role", "interface", "queues", "team"));
        if (unknown != null) {
            err.println("create-user: unknown option --" + unknown);
            return USAGE;
        }
        AgentStore.NewAgent agent;
        try {
            agent = new AgentStore.NewAgent(options.get("username"), options.get("name"),
                    Role.of(options.getOrDefault("role", "agent")), options.get("interface"),
                    options.containsKey("queues") ? names(options.get("queues")) : List.of(),
                    List.of(), options.get("team"));
        } catch (RuntimeException e) {
            err.println("create-user: " + e.getMessage());
            return USAGE;
        }
        String password = env.get("CALLDESK_NEW_PASSWORD");
        if (password == null) {
            Console console = System.console();
            if (console == null) {
                err.println("set CALLDESK_NEW_PASSWORD or run in a terminal to be asked for the password");
                return USAGE;
            }
            password = new String(console.readPassword("password for %s: ", agent.username()));
        }
        String pw = password;
        return withAgents(config, "create-user", "stop the server first", out, err, store -> store.create(agent, pw)
                .map(created -> "created " + created.role().label() + " '" + created.username() + "'"));
    }

    private static int updateUser(JsonObject config, Map<String, String> options, PrintStream out, PrintStream err) {
        String unknown = unknownOption(options, Set.of("username", "interface", "queues"));
        if (unknown != null) {
            err.println("update-user: unknown option --" + unknown);
            return USAGE;
        }
        String username = options.get("username");
        AgentStore.LineChange change;
        try {
            if (username == null) {
                throw new IllegalArgumentException("--username is required");
            }
            String iface = options.get("interface");
            String queues = options.get("queues");
            change = new AgentStore.LineChange(
                    iface == null ? null : new AgentStore.LineChange.Phone(NONE.equals(iface) ? null : iface),
                    queues == null ? null : NONE.equals(queues) ? List.of() : names(queues));
        } catch (RuntimeException e) {
            err.println("update-user: " + e.getMessage());
            return USAGE;
        }
        return withAgents(config, "update-user", "stop the server first, or use PATCH /api/agents/:id", out, err,
                store -> store.byUsername(username)
                .compose(found -> found.isPresent()
                        ? store.changeLine(found.get().id(), change)
                        : Future.<Agent>failedFuture(new NotFound("no agent '" + username + "'")))
                .map(agent -> "updated '" + agent.username() + "': interface "
                        + (agent.iface() == null ? NONE : agent.iface()) + ", queues " + agent.queues()
                        + " (a running server uses it within telephony.agents_refresh_ms)"));
    }

    /** Runs one store action against the server's database and says how it went; the exit code is the outcome. */
    private static int withAgents(JsonObject config, String command, String whenInUse, PrintStream out, PrintStream err,
                                  Function<AgentStore, Future<String>> action) {
        ConfigSection root = ConfigSection.root(config);
        DatabaseSettings db;
        Path dataDir;
        int iterations;
        try {
            db = DatabaseSettings.from(root);
            dataDir = DataSettings.from(root).dir();
            iterations = SecuritySettings.from(root).pbkdf2Iterations();
        } catch (RuntimeException e) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        }
        Vertx vertx = Vertx.vertx();
        EmbeddedServices embedded = EmbeddedServices.forCommand();
        try {
            Database database = db.embedded()
                    ? embedded.database(embedded.startPostgres(dataDir, db.embeddedPort(), db.embeddedDurable()))
                    : new Database(db.url(), db.user(), db.password());
            Future<String> done = database.migrate(vertx).compose(v -> {
                Pool pg = database.pool(vertx, 2);
                return action.apply(new AgentStore(vertx, pg, new Passwords(iterations), new PasswordRules(false)))
                        .eventually(pg::close);
            });
            out.println(done.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS));
            return 0;
        } catch (EmbeddedServices.InUse e) {
            err.println(command + ": " + e.getMessage() + ". Nothing was changed; " + whenInUse + ".");
            return IN_USE;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println(command + " failed: " + cause.getMessage());
            return FAILED;
        } finally {
            embedded.stop();
            vertx.close();
        }
    }

    private static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    private static String unknownOption(Map<String, String> options, Set<String> known) {
        return options.keySet().stream().filter(option -> !known.contains(option)).sorted().findFirst().orElse(null);
    }
}
