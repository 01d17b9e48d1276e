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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Agents in PostgreSQL, and the password checks that guard them. */
public final class AgentStore {

    private static final Logger log = LoggerFactory.getLogger(AgentStore.class);

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{2,40}");
    // Technology/resource as queue members are named (PJSIP/1001, SIP/alice, Local/1001@agents/n); no spaces, commas
    // or '&', which would make a dial string of several phones.
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,19}/[A-Za-z0-9@._+*#/-]{1,80}");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,80}");

    private final Vertx vertx;
    private final Pool pg;
    private final Passwords passwords;
    private final PasswordRules rules;
    // A real hash to compare against when the username is unknown, so both cases cost the same time. Made on a
    // worker: at the configured PBKDF2 cost it would hold an event loop for a noticeable moment.
    private final Future<String> decoyHash;

    public AgentStore(Vertx vertx, Pool pg, Passwords passwords, PasswordRules rules) {
        this.vertx = vertx;
        this.pg = pg;
        this.passwords = passwords;
        this.rules = rules;
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

    /** A new account, whose password must pass the {@link PasswordRules}. */
    public Future<Agent> create(NewAgent agent, String password) {
        String problem = rules.problem(agent.username(), password);
        if (problem != null) {
            return Future.failedFuture(new Invalid("password", problem));
        }
        return insert(agent, password);
    }

    /** A demo account: the demo password, which the rules refuse to anyone else and outside demo mode to everyone. */
    public Future<Agent> createDemo(NewAgent agent) {
        if (!rules.demoMode()) {
            return Future.failedFuture(new IllegalStateException("demo accounts are made only in demo mode"));
        }
        return insert(agent, PasswordRules.DEMO_PASSWORD);
    }

    private Future<Agent> insert(NewAgent agent, String password) {
        return vertx.executeBlocking(() -> passwords.hash(password))
                .compose(hash -> pg.preparedQuery(AgentSql.INSERT).execute(Tuple.from(new Object[]{
                        agent.username(), agent.displayName(), agent.role().label(), hash, agent.iface(),
                        agent.queues().toArray(String[]::new), agent.skills().toArray(String[]::new), agent.team()})))
                .map(rows -> Agent.from(rows.iterator().next()))
                .recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new Conflict("an agent with that username or interface already exists"))
                        : Future.failedFuture(failure));
    }

    /**
     * The agent whose username and password match, or empty; costs the same whether or not the user exists. Outside
     * demo mode the demo password opens no account. A hash made with fewer iterations than configured is made again
     * now, while the password is at hand.
     */
    public Future<Optional<Agent>> authenticate(String username, String password) {
        return pg.preparedQuery(AgentSql.BY_USERNAME_WITH_HASH).execute(Tuple.of(username))
                .compose(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    Future<String> hash = row == null ? decoyHash : Future.succeededFuture(row.getString("password_hash"));
                    return hash.compose(h -> vertx.executeBlocking(() -> passwords.verify(password, h) && row != null))
                            .compose(matched -> matched ? admitted(row, password) : Future.succeededFuture(Optional.empty()));
                });
    }

    private Future<Optional<Agent>> admitted(Row row, String password) {
        Agent agent = Agent.from(row);
        if (rules.refusedAtLogin(password)) {
            log.warn("login as '{}' refused: the account still has the demo password and demo mode is off", agent.username());
            return Future.succeededFuture(Optional.empty());
        }
        String stored = row.getString("password_hash");
        Future<Void> rehashed = passwords.needsRehash(stored) ? rehash(agent, stored, password) : Future.succeededFuture();
        return rehashed.map(Optional.of(agent));
    }

    /** A failure here costs the upgrade, not the login: the old hash still verifies, and the next login tries again. */
    private Future<Void> rehash(Agent agent, String stored, String password) {
        return vertx.executeBlocking(() -> passwords.hash(password))
                .compose(hash -> pg.preparedQuery(AgentSql.REHASH).execute(Tuple.of(agent.id(), stored, hash)))
                .onSuccess(rows -> log.info("password hash of '{}' upgraded to the configured iterations", agent.username()))
                .<Void>mapEmpty()
                .recover(e -> {
                    log.warn("password hash of '{}' not upgraded: {}", agent.username(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * Takes the active accounts among these usernames that still have the demo password out of use and frees their
     * phones: what turning demo mode off does to the demo users. Returns who was disabled.
     */
    public Future<List<String>> disableDemo(List<String> usernames) {
        return withDemoPassword(usernames, true).compose(ids -> ids.isEmpty()
                ? Future.succeededFuture(List.<String>of())
                : pg.preparedQuery(AgentSql.DISABLE).execute(Tuple.of(ids.keySet().toArray(Long[]::new))).map(AgentStore::usernames));
    }

    /**
     * Puts demo accounts that {@link #disableDemo} took out of use back, each with the phone given for its username
     * unless someone else has it now. Returns who came back.
     */
    public Future<List<String>> enableDemo(Map<String, String> phoneByUsername) {
        return withDemoPassword(List.copyOf(phoneByUsername.keySet()), false).compose(ids -> {
            if (ids.isEmpty()) {
                return Future.succeededFuture(List.<String>of());
            }
            Long[] idArray = ids.keySet().toArray(Long[]::new);
            String[] phones = Arrays.stream(idArray).map(id -> phoneByUsername.get(ids.get(id))).toArray(String[]::new);
            return pg.preparedQuery(AgentSql.ENABLE).execute(Tuple.from(new Object[]{idArray, phones}))
                    .map(AgentStore::usernames);
        });
    }

    /** Id to username of the accounts (active or not) among these whose password is the demo password. */
    private Future<Map<Long, String>> withDemoPassword(List<String> usernames, boolean active) {
        return pg.preparedQuery(AgentSql.HASHES).execute(Tuple.of(usernames.toArray(String[]::new), active))
                .compose(rows -> {
                    List<Future<Map.Entry<Long, String>>> checks = new ArrayList<>();
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        String username = row.getString("username");
                        String hash = row.getString("password_hash");
                        // Unordered: each check is a full PBKDF2 run, and they need not wait for one another.
                        checks.add(vertx.executeBlocking(() -> passwords.verify(PasswordRules.DEMO_PASSWORD, hash)
                                ? Map.entry(id, username) : null, false));
                    }
                    return Future.all(checks).map(all -> {
                        Map<Long, String> found = new TreeMap<>();
                        checks.forEach(check -> {
                            if (check.result() != null) {
                                found.put(check.result().getKey(), check.result().getValue());
                            }
                        });
                        return found;
                    });
                });
    }

    private static List<String> usernames(RowSet<Row> rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.getString("username")));
        return names;
    }

    public Future<Optional<Agent>> byUsername(String username) {
        return pg.preparedQuery(AgentSql.BY_USERNAME_WITH_HASH).execute(Tuple.of(username)).map(AgentStore::first);
    }

    /** The role of the active account with this id; empty when there is none. */
    public Future<Optional<Role>> roleOf(long id) {
        return pg.preparedQuery(AgentSql.ROLE_OF).execute(Tuple.of(id)).map(rows -> rows.size() == 0
                ? Optional.<Role>empty() : Optional.of(Role.of(rows.iterator().next().getString("role"))));
    }

    /** The interface language the agent chose, or empty when they never chose one. */
    public Future<Optional<String>> language(long id) {
        return pg.preparedQuery(AgentSql.LANGUAGE_OF).execute(Tuple.of(id)).map(rows -> {
            String language = rows.size() == 0 ? "" : rows.iterator().next().getString("language");
            return language == null || language.isEmpty() ? Optional.<String>empty() : Optional.of(language);
        });
    }

    /** Keeps the agent's interface language (a tag the caller has checked). */
    public Future<Void> setLanguage(long id, String language) {
        return pg.preparedQuery(AgentSql.SET_LANGUAGE).execute(Tuple.of(id, language)).mapEmpty();
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
                                Map.of("interface", iface, "username", holder)));
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
            List<Agent> agents = new ArrayList<>(rows.size());
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
