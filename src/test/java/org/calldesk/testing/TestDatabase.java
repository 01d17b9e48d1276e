package org.calldesk.testing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.flywaydb.core.Flyway;

/** A real PostgreSQL with the project's migrations, one per test class. */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres pg;

    private TestDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static TestDatabase start() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(pg);
    }

    public Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("localhost").setPort(pg.getPort())
            .setDatabase("postgres").setUser("postgres")).using(vertx).build();
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
