package org.calldesk.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import org.calldesk.agents.Agent;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.PasswordRules;
import org.calldesk.agents.Passwords;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.Role;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Accounts as administrators manage them: every change audited, and the phone side told at once (an agent moved to
 * another phone or taken out of use leaves the queues; calls are matched to the new phone without waiting for the
 * periodic refresh). Other nodes hear of it on {@link LiveSettings#CHANGED} and refresh their agent directory.
 */
public final class AgentAdmin {

    private static final Logger log = LoggerFactory.getLogger(AgentAdmin.class);
    private static final String AREA = "agents";

    /** An account as the admin pages show it, active or not. */
    public record Account(long id, String username, String displayName, Role role, String iface, List<String> queues,
                          List<String> skills, String team, boolean active) {

        static Account from(Row row) {
            return new Account(row.getLong("id"), row.getString("username"), row.getString("display_name"),
                    Role.of(row.getString("role")), row.getString("interface"), list(row.getArrayOfStrings("queues")),
                    list(row.getArrayOfStrings("skills")), row.getString("team"), row.getBoolean("active"));
        }

        private static List<String> list(String[] values) {
            return values == null ? List.of() : Arrays.asList(values);
        }

        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("username", username).put("displayName", displayName)
                    .put("role", role.label()).put("interface", iface).put("queues", new JsonArray(queues))
                    .put("skills", new JsonArray(skills)).put("team", team).put("active", active);
        }

        public String queuesText() {
            return String.join(", ", queues);
        }

        public String skillsText() {
            return String.join(", ", skills);
        }
    }

    /** What an admin may change of an account besides its phone and queues. */
    public record Profile(String displayName, Role role, String team, List<String> skills) {
    }

    private final Vertx vertx;
    private final Pool pg;
    private final AgentStore agents;
    private final Passwords passwords;
    private final PasswordRules rules;
    private final AgentDirectory lines;
    private final AgentPresence presence;
    private final Function<Agent, Future<Void>> lineChanged;

    /** @param lineChanged what follows a change of phone or queues (the composition root's, shared with the agents API) */
    public AgentAdmin(Vertx vertx, Pool pg, AgentStore agents, Passwords passwords, PasswordRules rules,
                      AgentDirectory lines, AgentPresence presence, Function<Agent, Future<Void>> lineChanged) {
        this.vertx = vertx;
        this.pg = pg;
        this.agents = agents;
        this.passwords = passwords;
        this.rules = rules;
        this.lines = lines;
        this.presence = presence;
        this.lineChanged = lineChanged;
    }

    public Future<List<Account>> all() {
        return pg.query(AdminSql.AGENTS).execute().map(rows -> {
            List<Account> all = new ArrayList<>(rows.size());
            rows.forEach(row -> all.add(Account.from(row)));
            return all;
        });
    }

    public Future<Account> byId(long id) {
        return pg.preparedQuery(AdminSql.AGENT).execute(Tuple.of(id)).map(rows -> one(rows, id));
    }

    /** The password rules' objection to this password for this user, or null. */
    public String passwordProblem(String username, String password) {
        return rules.problem(username, password);
    }

    public Future<Account> create(String actor, AgentStore.NewAgent agent, String password) {
        return agents.create(agent, password)
                .compose(created -> byId(created.id())
                        .compose(account -> AdminAudit.record(pg, actor, AREA, account.username(), "create", null, account.toJson())
                                .compose(v -> lineChanged.apply(created).otherwiseEmpty())
                                .map(account)))
                .onSuccess(account -> announce(actor, account));
    }

    /** Changes the profile, then the phone and queues ({@code line} null leaves them); audited once with both. */
    public Future<Account> update(String actor, long id, Profile profile, AgentStore.LineChange line) {
        return byId(id).compose(before -> {
            if (!before.active()) {
                return Future.failedFuture(new Conflict(before.username() + " is disabled; enable the account first"));
            }
            if (before.username().equalsIgnoreCase(actor) && profile.role() != Role.ADMIN) {
                return Future.failedFuture(new Invalid("role", "you cannot take the admin role from yourself"));
            }
            Future<?> lineDone = line == null ? Future.succeededFuture()
                    : agents.changeLine(id, line).compose(agent -> lineChanged.apply(agent).otherwiseEmpty());
            return lineDone
                    .compose(v -> pg.preparedQuery(AdminSql.UPDATE_PROFILE).execute(Tuple.of(id, profile.displayName(),
                            profile.role().label(), profile.team(), profile.skills().toArray(String[]::new))))
                    .map(rows -> one(rows, id))
                    .compose(after -> AdminAudit.record(pg, actor, AREA, after.username(), "update", before.toJson(), after.toJson())
                            .map(after));
        }).onSuccess(account -> announce(actor, account));
    }

    /**
     * Takes an account out of use or puts it back. Out of use, it cannot log in and its phone leaves the queues; it
     * keeps its phone, so that enabling it again restores it as it was.
     */
    public Future<Account> setActive(String actor, long id, boolean active) {
        return byId(id).compose(before -> {
            if (!active && before.username().equalsIgnoreCase(actor)) {
                return Future.failedFuture(new Invalid("active", "you cannot disable your own account"));
            }
            if (before.active() == active) {
                return Future.succeededFuture(before);
            }
            Future<Void> left = active ? Future.succeededFuture() : leaveQueues(before.username());
            return left.compose(v -> pg.preparedQuery(AdminSql.SET_ACTIVE).execute(Tuple.of(id, active)))
                    .map(rows -> one(rows, id))
                    .compose(after -> AdminAudit.record(pg, actor, AREA, after.username(), active ? "enable" : "disable",
                            new JsonObject().put("active", before.active()), new JsonObject().put("active", active)).map(after))
                    .compose(after -> lines.refresh().otherwiseEmpty().map(after));
        }).onSuccess(account -> announce(actor, account));
    }

    /** A new password chosen by the admin, checked by the password rules; the trail records that it changed, not what to. */
    public Future<Account> resetPassword(String actor, long id, String password) {
        return byId(id).compose(account -> {
            String problem = rules.problem(account.username(), password);
            if (problem != null) {
                return Future.failedFuture(new Invalid("password", problem));
            }
            return vertx.executeBlocking(() -> passwords.hash(password))
                    .compose(hash -> pg.preparedQuery(AdminSql.SET_PASSWORD).execute(Tuple.of(id, hash)))
                    .compose(v -> AdminAudit.record(pg, actor, AREA, account.username(), "reset-password", null, null))
                    .map(account);
        }).onSuccess(account -> announce(actor, account, true));
    }

    private Future<Void> leaveQueues(String username) {
        return lines.byUsername(username)
                .filter(line -> line.iface() != null && presence.state(line.iface()).loggedIn())
                .map(line -> presence.loggedOut(line).recover(e -> {
                    log.warn("{}'s phone could not leave the queues: {}", username, e.getMessage());
                    return Future.succeededFuture();
                }))
                .orElse(Future.succeededFuture());
    }

    private void announce(String actor, Account account) {
        announce(actor, account, false);
    }

    /** @param passwordReset the password was reset: whoever is signed in with the old one is signed out everywhere */
    private void announce(String actor, Account account, boolean passwordReset) {
        log.info("{} changed the account of {}", actor, account.username());
        // With the account's id and whether it is active, for whatever must follow on every node (its sessions).
        vertx.eventBus().publish(LiveSettings.CHANGED, new JsonObject().put("area", AREA).put("id", account.id())
                .put("username", account.username()).put("active", account.active()).put("role", account.role().label())
                .put("passwordReset", passwordReset).put("by", actor));
    }

    private static Account one(RowSet<Row> rows, long id) {
        if (rows.size() == 0) {
            throw new NotFound("no agent with id " + id);
        }
        return Account.from(rows.iterator().next());
    }
}
