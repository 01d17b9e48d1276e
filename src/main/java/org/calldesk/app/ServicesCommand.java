package org.calldesk.app;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar calldesk.jar services}: the embedded PostgreSQL and Redis alone, for several calldesk nodes on this
 * machine to share. It starts them as the server would (data, passwords and ports from {@code data.dir},
 * {@code database.embedded_port}, {@code redis.embedded_port}; supervised, started again if one dies), prints the
 * settings the nodes take, as environment variables, and writes them to {@code data.dir/services.env} (owner-only).
 * It runs until SIGTERM or Ctrl-C, which stop Redis, then PostgreSQL.
 */
final class ServicesCommand {

    static final String ENV_FILE = "services.env";

    private ServicesCommand() {
    }

    static int run(JsonObject config, List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 1) {
            err.println("services: takes no options (ports: CALLDESK_DATABASE_EMBEDDED_PORT, CALLDESK_REDIS_EMBEDDED_PORT;"
                    + " directory: CALLDESK_DATA_DIR)");
            return AdminCommand.USAGE;
        }
        Settings settings;
        try {
            settings = Settings.from(config);
        } catch (RuntimeException e) {
            err.println("services: configuration is invalid: " + e.getMessage());
            return AdminCommand.USAGE;
        }
        Path dataDir = settings.data().dir();
        EmbeddedServices embedded = new EmbeddedServices(settings.operations().restartMin(), settings.operations().restartMax());
        CountDownLatch stopped = new CountDownLatch(1);
        Map<String, String> env;
        try {
            String postgres = embedded.startPostgres(dataDir, settings.database().embeddedPort(),
                    settings.database().embeddedDurable());
            String redis = embedded.startRedis(dataDir, settings.redis().embeddedPort());
            env = environment(postgres, embedded.database(postgres).password(), redis);
            Path file = write(dataDir.resolve(ENV_FILE), env);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                embedded.stop();
                err.println("calldesk services stopped");
                stopped.countDown();
            }, "services-shutdown"));
            out.println("calldesk services are up: PostgreSQL and Redis on 127.0.0.1, data in " + dataDir.toAbsolutePath());
            out.println("Give every node these settings (or: set -a; . " + file + "; set +a):");
            out.println();
            env.forEach((key, value) -> out.println("export " + key + "=" + value));
            out.println();
            out.println("Ctrl-C or SIGTERM stops them.");
            out.flush();
        } catch (EmbeddedServices.InUse e) {
            err.println("services: " + e.getMessage());
            embedded.stop();
            return AdminCommand.IN_USE;
        } catch (RuntimeException | IOException e) {
            err.println("services: did not start: " + e.getMessage());
            embedded.stop();
            return AdminCommand.FAILED;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** What a node needs to use them: the keys of {@code database} and {@code redis} as environment variables. */
    static Map<String, String> environment(String postgresUrl, String appPassword, String redisUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CALLDESK_DATABASE_URL", postgresUrl);
        env.put("CALLDESK_DATABASE_USER", EmbeddedCredentials.APP_ROLE);
        env.put("CALLDESK_DATABASE_PASSWORD", appPassword);
        env.put("CALLDESK_REDIS_URL", redisUrl);
        return env;
    }

    /** {@code KEY=value} lines, owner-only (the passwords are in it), written beside and moved into place. */
    private static Path write(Path file, Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder("# Written by `calldesk services` at its start: the shared PostgreSQL and Redis"
                + " of the nodes on this machine.\n");
        env.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path part = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(part);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(EmbeddedCredentials.OWNER_ONLY));
        }
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
