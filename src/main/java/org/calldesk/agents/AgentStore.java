package org.calldesk.agents;

import org.calldesk.platform.Conflict;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Role;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Agents in PostgreSQL, and the password checks that guard them. */
public final class AgentStore {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{2,40}");

    private final Vertx vertx;
    private final Pool pg;
    private final Passwords passwords;
    // A real hash to compare against when the username is unknown, so both cases cost the same time. Made on a
    // worker: at the configured PBKDF2 cost it would hold an event loop for a noticeable moment.
    private final Future<String> decoyHash;

    public AgentStore(Vertx vertx, Pool pg, Passwords passwords) {
        this.vertx = vertx;
        this.pg = pg;
        this.passwords = passwords;
        this.decoyHash = vertx.executeBlocking(() -> passwords.hash("decoy-" + System.nanoTime()));
    }

    public record NewAgent(String username, String displayName, Role role, String iface,
                           List<String> queues, List<String> skills, String team) {
        public NewAgent {
            if (username == null || !USERNAME.matcher(username).matches()) {
                throw new Invalid("username", "username must be 2-40 letters, digits, '.', '_' or '-'");
            }
            if (displayName == null || displayName.isBlank()) {
                displayName = username;
            }
            if (displayName.length() > 100) {
                throw new Invalid("displayName", "displayName is longer than 100 characters");
            }
            if (role == null) {
                throw new Invalid("role", "role is missing (agent, supervisor or admin)");
            }
            queues = queues == null ? List.of() : List.copyOf(queues);
            skills = skills == null ? List.of() : List.copyOf(skills);
        }
    }

    public Future<Agent> create(NewAgent agent, String password) {
        if (password == null || password.length() < 4) {
            return Future.failedFuture(new Invalid("password", "password must have at least 4 characters"));
        }
        return vertx.executeBlocking(() -> passwords.hash(password))
                .compose(hash -> pg.preparedQuery(AgentSql.INSERT).execute(Tuple.from(new Object[]{
                        agent.username(), agent.displayName(), agent.role().label(), hash, agent.iface(),
                        agent.queues().toArray(String[]::new), agent.skills().toArray(String[]::new), agent.team()})))
                .map(rows -> Agent.from(rows.iterator().next()))
                .recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new Conflict("an agent with that username or interface already exists"))
                        : Future.failedFuture(failure));
    }

    /** The agent whose username and password match, or empty; costs the same whether or not the user exists. */
    public Future<Optional<Agent>> authenticate(String username, String password) {
        return pg.preparedQuery(AgentSql.BY_USERNAME_WITH_HASH).execute(Tuple.of(username))
                .compose(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    Future<String> hash = row == null ? decoyHash : Future.succeededFuture(row.getString("password_hash"));
                    return hash.compose(h -> vertx.executeBlocking(() -> passwords.verify(password, h) && row != null
                            ? Optional.of(Agent.from(row)) : Optional.<Agent>empty()));
                });
    }

    public Future<Optional<Agent>> byUsername(String username) {
        return pg.preparedQuery(AgentSql.BY_USERNAME_WITH_HASH).execute(Tuple.of(username)).map(AgentStore::first);
    }

    public Future<Long> count() {
        return pg.query(AgentSql.COUNT).execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Optional<Agent> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Agent.from(rows.iterator().next()));
    }
}
