package org.calldesk.agents;

import org.calldesk.platform.Conflict;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
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
    // Technology/resource as queue members are named (PJSIP/1001, SIP/alice, Local/1001@agents/n); no spaces, commas
    // or '&', which would make a dial string of several phones.
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,19}/[A-Za-z0-9@._+*#/-]{1,80}");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,80}");

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
            iface = iface == null || iface.isBlank() ? null : checkedInterface(iface);
            queues = queues == null ? List.of() : checkedQueues(queues);
            skills = skills == null ? List.of() : List.copyOf(skills);
        }
    }

    /**
     * An admin's change to an agent's phone line: a new interface (or none, to take the phone away) and the queues
     * the agent answers. A null part is left as it is.
     */
    public record LineChange(Phone phone, List<String> queues) {
        public LineChange {
            if (phone == null && queues == null) {
                throw new Invalid(List.of("interface", "queues"), "nothing to change: give interface, queues or both");
            }
            queues = queues == null ? null : checkedQueues(queues);
        }

        /** The phone an agent answers on; {@code iface} null means none. */
        public record Phone(String iface) {
            public Phone {
                iface = iface == null || iface.isBlank() ? null : checkedInterface(iface);
            }
        }
    }

    private static String checkedInterface(String iface) {
        String trimmed = iface.trim();
        if (!INTERFACE.matcher(trimmed).matches()) {
            throw new Invalid("interface", "interface must be a queue member interface such as PJSIP/1001 or"
                    + " Local/1001@agents, not '" + iface + "'");
        }
        return trimmed;
    }

    private static List<String> checkedQueues(List<String> queues) {
        for (String queue : queues) {
            if (queue == null || !QUEUE.matcher(queue).matches()) {
                throw new Invalid("queues", "queue names are 1-80 letters, digits, '.', '_' or '-', not '" + queue + "'");
            }
        }
        if (queues.stream().distinct().count() != queues.size()) {
            throw new Invalid("queues", "a queue is named twice in " + queues);
        }
        return List.copyOf(queues);
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

    /** The role of the active account with this id; empty when there is none. */
    public Future<Optional<Role>> roleOf(long id) {
        return pg.preparedQuery(AgentSql.ROLE_OF).execute(Tuple.of(id)).map(rows -> rows.size() == 0
                ? Optional.<Role>empty() : Optional.of(Role.of(rows.iterator().next().getString("role"))));
    }

    /** Moves the agent to another phone, or other queues; NotFound for no such agent, Conflict when the phone is taken. */
    public Future<Agent> changeLine(long id, LineChange change) {
        String iface = change.phone() == null ? null : change.phone().iface();
        String[] queues = change.queues() == null ? null : change.queues().toArray(String[]::new);
        return pg.withTransaction(conn -> (iface == null
                        ? Future.<RowSet<Row>>succeededFuture(null)
                        : conn.preparedQuery(AgentSql.INTERFACE_HOLDER).execute(Tuple.of(iface, id)))
                .compose(holders -> {
                    // The unique constraint compares case-sensitively, Asterisk does not: PJSIP/1001 and pjsip/1001 are one phone.
                    if (holders != null && holders.size() > 0) {
                        String holder = holders.iterator().next().getString("username");
                        return Future.failedFuture(new Conflict(iface + " is already the phone of " + holder,
                                java.util.Map.of("interface", iface, "username", holder)));
                    }
                    return conn.preparedQuery(AgentSql.CHANGE_LINE)
                            .execute(Tuple.of(id, change.phone() != null, iface, queues));
                }))
                .recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new Conflict(iface + " is already someone else's phone"))
                        : Future.failedFuture(failure))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFound("no agent with id " + id);
                    }
                    return Agent.from(rows.iterator().next());
                });
    }

    /** Everyone who can log in, by username. */
    public Future<List<Agent>> all() {
        return pg.query(AgentSql.ALL).execute().map(rows -> {
            List<Agent> agents = new java.util.ArrayList<>(rows.size());
            rows.forEach(row -> agents.add(Agent.from(row)));
            return agents;
        });
    }

    public Future<Long> count() {
        return pg.query(AgentSql.COUNT).execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Optional<Agent> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Agent.from(rows.iterator().next()));
    }
}
