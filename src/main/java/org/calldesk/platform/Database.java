package org.calldesk.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where PostgreSQL is, how to migrate it, and the reactive pool the server uses. */
public record Database(String url, String user, String password) {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Accepts {@code postgresql://…} and {@code jdbc:postgresql://…} alike. */
    public Database {
        if (url.startsWith("jdbc:")) {
            url = url.substring("jdbc:".length());
        }
    }

    public String jdbcUrl() {
        return "jdbc:" + url.replaceFirst("^postgres://", "postgresql://");
    }

    /** Applies the migrations in {@code db/migration}; blocking JDBC, so on a worker. */
    public Future<Integer> migrate(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            Flyway flyway = Flyway.configure()
                    .dataSource(jdbcUrl(), user, password)
                    .locations("classpath:db/migration")
                    .load();
            int applied = flyway.migrate().migrationsExecuted;
            log.info("database schema is current ({} migrations applied now)", applied);
            return applied;
        });
    }

    public Pool pool(Vertx vertx, int size) {
        return pool(vertx, size, null);
    }

    /** {@code timeZone}: the session time zone, in which PostgreSQL renders times as text (history, dates). */
    public Pool pool(Vertx vertx, int size, String timeZone) {
        PgConnectOptions connect = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
        if (timeZone != null && !timeZone.isBlank()) {
            connect.addProperty("TimeZone", timeZone);
        }
        if (user != null) {
            connect.setUser(user);
        }
        if (password != null) {
            connect.setPassword(password);
        }
        connect.setCachePreparedStatements(true).setReconnectAttempts(0);
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(size).setShared(true).setName("calldesk-pg").setConnectionTimeout(5)
                        .setMaxWaitQueueSize(2000))
                .connectingTo(connect)
                .using(vertx)
                .build();
    }
}
