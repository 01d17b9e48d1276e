package org.calldesk.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL with the project's migrations, owned by the test: for a store under test, or handed to a
 * server as an external {@code database.url} when the test means to stop it under the server.
 */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private boolean closed;

    private TestDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static TestDatabase start() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(pg);
    }

    /** The {@code database} section that points a server at this PostgreSQL. */
    public JsonObject serverConfig() {
        return new JsonObject().put("url", "postgresql://localhost:" + pg.getPort() + "/postgres")
            .put("user", "postgres").put("password", "postgres");
    }

    public Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("localhost").setPort(pg.getPort())
            .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    }

    /** Stops PostgreSQL; a test that stopped it on purpose may close it again when it ends. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            pg.close();
        }
    }
}
