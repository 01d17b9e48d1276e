package org.calldesk.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL with the project's migrations, owned by the test: for a store under test, or handed to a
 * server as an external {@code database.url} when the test means to stop it under the server, and perhaps start
 * it again at the same address with the same data, as after an outage.
 */
public final class TestDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;
    private boolean closed;

    private TestDatabase(Path dataDir, EmbeddedPostgres pg) {
        this.dataDir = dataDir;
        this.port = pg.getPort();
        this.pg = pg;
    }

    public static TestDatabase start() throws IOException {
        // Our own data directory, kept when the server stops, so that restart() finds the data again.
        Path dataDir = Files.createTempDirectory("calldesk-test-pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(dataDir, pg);
    }

    /** The {@code database} section that points a server at this PostgreSQL. */
    public JsonObject serverConfig() {
        return new JsonObject().put("url", "postgresql://localhost:" + port + "/postgres")
            .put("user", "postgres").put("password", "postgres");
    }

    public Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("localhost").setPort(port)
            .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    }

    /** Stops PostgreSQL and keeps its data; does nothing when it is stopped. */
    public synchronized void stop() throws IOException {
        if (pg != null) {
            EmbeddedPostgres running = pg;
            pg = null;
            running.close();
        }
    }

    /** Starts it again on the same port with the same data, as after an outage; does nothing while it runs. */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed for good");
        }
        if (pg == null) {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
        }
    }

    /** Stops PostgreSQL and drops its data; a test that stopped it on purpose may close it again when it ends. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            stop();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
