package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.notifications.Notifications;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.Role;
import org.calldesk.platform.Redis;
import org.calldesk.routing.CallerComplaints;
import org.calldesk.routing.ComplaintFacts;
import org.calldesk.routing.OpenComplaint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.calldesk.complaints.Complaint.instant;
import static org.calldesk.complaints.Complaint.utc;

/**
 * Complaints: opening, the lifecycle, reassignment, follow-up, and the facts other features ask for
 * (routing, screen pop, the hotline). Every write is one transaction holding the complaint's row lock,
 * so the status, the indexed due times and the audit trail never disagree.
 */
public final class ComplaintStore {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStore.class);

    /** Who is acting: a logged-in user, or the system. */
    public record Actor(Long id, String username, Role role) {
        public static final Actor SYSTEM = new Actor(null, "system", Role.ADMIN);
    }

    public record NewComplaint(long customerId, String category, Severity severity, String subject,
                               String description, String linkedid) {
    }

    private final Pool pg;
    private final SlaPolicies policies;
    private final ComplaintSettings settings;
    private final Clock clock;
    private final Escalations escalations;

    public ComplaintStore(Vertx vertx, Pool pg, Redis redis, SlaPolicies policies, ComplaintSettings settings, Clock clock) {
        this.pg = pg;
        this.policies = policies;
        this.settings = settings;
        this.clock = clock;
        // notifications are stamped with the time they were kept, whatever clock the deadlines run on
        this.escalations = new Escalations(vertx, pg, new DeadlineIndex(redis), policies, settings, clock,
                new KeptNotices(new Notifications(vertx, pg, Clock.systemUTC())));
    }

    public Escalations escalations() {
        return escalations;
    }

    public ComplaintSettings settings() {
        return settings;
    }

    public Instant clockNow() {
        return clock.instant();
    }

    /** Opens a complaint owned by whoever logs it; the future completes once it is committed. */
    public Future<Complaint> create(NewComplaint c, Actor actor) {
        Instant now = now();
        return pg.withTransaction(conn -> conn.preparedQuery(ComplaintSql.CUSTOMER).execute(Tuple.of(c.customerId()))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                throw new Invalid("customerId", "field 'customerId': there is no customer with id " + c.customerId());
                            }
                            String tier = rows.iterator().next().getString("tier");
                            SlaPolicy policy = policies.policy(c.severity(), tier);
                            SlaSchedule s = SlaSchedule.of(policy, now, List.of(), now);
                            String label = c.severity().code() + (tier == null ? "" : "/" + tier) + ": first response "
                                    + words(policy.firstResponse()) + ", resolution " + words(policy.resolution())
                                    + " of " + policy.calendarName() + " time";
                            return conn.preparedQuery(ComplaintSql.INSERT).execute(Tuple.from(new Object[]{
                                    c.customerId(), c.linkedid(), c.category(), c.severity().code(), c.subject(),
                                    c.description(), actor.id(), tier, label, (int) policy.firstResponse().toSeconds(),
                                    (int) policy.resolution().toSeconds(), policy.calendarName(), utc(now),
                                    utc(s.firstResponseDue()), utc(s.resolutionDue()), utc(s.atRiskAt()), utc(s.breachAt()),
                                    utc(s.nextEscalation(0)), dues(s)}));
                        })
                        .compose(rows -> {
                            long id = rows.iterator().next().getLong("id");
                            return event(conn, id, now, actor, "created", null, ComplaintStatus.NEW, null, null, c.linkedid())
                                    .compose(v -> load(conn, ComplaintSql.BY_ID, id));
                        }))
                .compose(created -> {
                    log.info("complaint {} opened for customer {} by {}", created.id(), created.customerId(), actor.username());
                    return after(created);
                });
    }

    /** The customer's name, for the form opened from their page or call; empty for an unknown id. */
    public Future<Optional<String>> customerName(long customerId) {
        return pg.preparedQuery(ComplaintSql.CUSTOMER).execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString("name")));
    }

    public Future<Optional<Complaint>> byId(long id) {
        return pg.preparedQuery(ComplaintSql.BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Complaint.from(rows.iterator().next())));
    }

    /** The complaint with its audit trail and both SLA clocks, as the detail page and API show it. */
    public Future<Optional<JsonObject>> detail(long id) {
        Instant now = now();
        return byId(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Complaint c = found.get();
            return pg.preparedQuery(ComplaintSql.EVENTS).execute(Tuple.of(id))
                    .map(rows -> Optional.of(ComplaintView.detail(c, rows, policies, now)));
        });
    }

    /** Orders of the complaint list: time to breach, newest first, or follow-up calls due (resolved ones). */
    public enum ListOrder { DUE, NEWEST, FOLLOW_UP }

    /** What the list shows: each null for any; {@code status} a status or "open", {@code owner} a username. */
    public record Filter(String status, String owner, Long customerId, String severity, String category, String tier) {
    }

    /** Lists complaints; {@code status} may be a status or "open", {@code owner} a username. */
    public Future<List<Complaint>> list(String status, String owner, Long customerId, ListOrder order, int limit) {
        return list(new Filter(status, owner, customerId, null, null, null), order, limit);
    }

    public Future<List<Complaint>> list(Filter f, ListOrder order, int limit) {
        String sql = switch (order) {
            case DUE -> ComplaintSql.LIST_BY_DUE;
            case NEWEST -> ComplaintSql.LIST_NEWEST;
            case FOLLOW_UP -> ComplaintSql.LIST_FOLLOW_UPS;
        };
        return pg.preparedQuery(sql)
                .execute(Tuple.from(new Object[]{f.status(), f.owner(), f.customerId(), limit, f.severity(), f.category(), f.tier()}))
                .map(rows -> {
                    List<Complaint> found = new ArrayList<>();
                    rows.forEach(row -> found.add(Complaint.from(row)));
                    return found;
                });
    }

    public Future<Complaint> transition(long id, ComplaintStatus to, String note, Actor actor) {
        return move(id, actor, to, note, "transition", null, false);
    }

    /** A satisfaction score on a resolved complaint: 1–2 reopens it, 3–5 closes it. */
    public Future<Complaint> followUp(long id, int score, String note, Actor actor) {
        ComplaintStatus to = score <= 2 ? ComplaintStatus.IN_PROGRESS : ComplaintStatus.CLOSED;
        String text = "satisfaction " + score + "/5" + (note == null || note.isBlank() ? "" : ": " + note);
        return move(id, actor, to, text, "follow-up", score, false);
    }

    /** A follow-up call that reached no one (no answer, busy, wrong number…): kept on the trail, the status stays. */
    public Future<Complaint> followUpAttempt(long id, String outcome, Actor actor) {
        Instant now = now();
        return pg.withTransaction(conn -> load(conn, ComplaintSql.LOCK, id).compose(c -> {
            mayChange(c, actor);
            if (c.status() != ComplaintStatus.RESOLVED) {
                throw new Conflict("follow-up calls are made on a resolved complaint; this one is " + c.status().code(),
                        Map.of("status", c.status().code()));
            }
            return event(conn, id, now, actor, "follow-up", null, null, "not reached: " + outcome, null, null)
                    .compose(v -> load(conn, ComplaintSql.BY_ID, id));
        }));
    }

    /**
     * Closes a resolved complaint without a score because the customer could not be reached: allowed once
     * {@code complaints.follow_up.attempts} calls since it was resolved reached no one; the reason goes on the trail.
     */
    public Future<Complaint> closeUnreachable(long id, String note, Actor actor) {
        return pg.withConnection(conn -> load(conn, ComplaintSql.BY_ID, id).compose(c -> attempts(conn, c)))
                .compose(attempts -> {
                    if (attempts < settings.followUpAttempts()) {
                        return Future.failedFuture(new Conflict("the customer counts as unreachable after "
                                + settings.followUpAttempts() + " follow-up calls that reached no one; " + attempts
                                + " recorded so far", Map.of("attempts", attempts, "needed", settings.followUpAttempts())));
                    }
                    String text = "no follow-up score: unreachable after " + attempts + " calls"
                            + (note == null || note.isBlank() ? "" : ": " + note);
                    return move(id, actor, ComplaintStatus.CLOSED, text, "follow-up", null, true);
                });
    }

    private static Future<Long> attempts(SqlConnection conn, Complaint c) {
        if (c.status() != ComplaintStatus.RESOLVED || c.resolvedAt() == null) {
            return Future.succeededFuture(0L);
        }
        return conn.preparedQuery(ComplaintSql.FOLLOW_UP_ATTEMPTS).execute(Tuple.of(c.id(), utc(c.resolvedAt())))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** {@code followedUp}: a score or a reason why none came with this move, so a resolved complaint may close. */
    private Future<Complaint> move(long id, Actor actor, ComplaintStatus to, String note, String kind, Integer score,
                                   boolean followedUp) {
        Instant now = now();
        return pg.withTransaction(conn -> load(conn, ComplaintSql.LOCK, id).compose(c -> {
                    mayChange(c, actor);
                    if (score != null && c.status() != ComplaintStatus.RESOLVED) {
                        throw new Conflict("a follow-up is taken on a resolved complaint; this one is " + c.status().code(),
                                Map.of("status", c.status().code()));
                    }
                    if (c.status() == ComplaintStatus.RESOLVED && to == ComplaintStatus.CLOSED && score == null && !followedUp) {
                        throw new Conflict("a resolved complaint closes with the follow-up: record the customer's "
                                + "satisfaction score, or, after " + settings.followUpAttempts()
                                + " calls that reached no one, close it as unreachable",
                                Map.of("status", c.status().code(), "needs", "follow-up"));
                    }
                    if (!c.status().canMoveTo(to)) {
                        List<String> allowed = c.status().allowed().stream().map(ComplaintStatus::code).toList();
                        throw new Conflict("a complaint cannot move from " + c.status().code() + " to " + to.code()
                                        + "; allowed: " + String.join(", ", allowed),
                                Map.of("from", c.status().code(), "to", to.code(), "allowed", allowed));
                    }
                    return history(conn, id).compose(history -> {
                        history.add(new StatusChange(now, to));
                        SlaSchedule s = SlaSchedule.of(c.slaPolicy(policies), c.openedAt(), history, now);
                        boolean reopen = to == ComplaintStatus.IN_PROGRESS && c.status().clock() == ComplaintStatus.Clock.STOPPED;
                        Instant resolvedAt = to == ComplaintStatus.RESOLVED ? now : reopen ? null : c.resolvedAt();
                        Instant closedAt = to == ComplaintStatus.CLOSED ? now : reopen ? null : c.closedAt();
                        Instant followUpDue = to == ComplaintStatus.RESOLVED
                                ? settings.followUpCalendar().addBusinessTime(now, settings.followUpDue()) : null;
                        return conn.preparedQuery(ComplaintSql.UPDATE_STATE).execute(Tuple.from(new Object[]{
                                        id, to.code(), utc(s.resolutionDue()), utc(s.atRiskAt()), utc(s.breachAt()),
                                        utc(s.nextEscalation(c.escalationLevel())), dues(s), utc(s.firstRespondedAt()),
                                        utc(resolvedAt), utc(closedAt), s.pausedSeconds(), utc(s.pausedSince()),
                                        score == null ? null : score.shortValue(), utc(followUpDue), utc(now),
                                        seconds(s.firstResponseBusiness()),
                                        to == ComplaintStatus.RESOLVED ? seconds(s.usedBusiness()) : null}))
                                .compose(v -> event(conn, id, now, actor, kind, c.status(), to, note, null, null))
                                .compose(v -> load(conn, ComplaintSql.BY_ID, id));
                    });
                }))
                .compose(changed -> {
                    log.info("complaint {}: {} by {}", id, changed.status().code(), actor.username());
                    return after(changed);
                });
    }

    /** Hands the complaint to another user; supervisors decide this, so only they call it. */
    public Future<Complaint> assign(long id, String username, String note, Actor actor) {
        Instant now = now();
        return pg.withTransaction(conn -> load(conn, ComplaintSql.LOCK, id).compose(c ->
                        conn.preparedQuery(ComplaintSql.AGENT_BY_USERNAME).execute(Tuple.of(username)).compose(rows -> {
                            if (rows.size() == 0) {
                                throw new Invalid("owner", "field 'owner': there is no active user named '" + username + "'");
                            }
                            Row agent = rows.iterator().next();
                            String text = "owner " + (c.owner() == null ? "none" : c.owner()) + " → " + agent.getString("username")
                                    + (note == null || note.isBlank() ? "" : ": " + note);
                            return conn.preparedQuery(ComplaintSql.ASSIGN).execute(Tuple.of(id, agent.getLong("id"), utc(now)))
                                    .compose(v -> event(conn, id, now, actor, "assign", null, null, text, null, null))
                                    .compose(v -> load(conn, ComplaintSql.BY_ID, id));
                        })))
                .compose(this::after);
    }

    // --- for routing, the screen pop and the hotline ---

    /** How many complaints the customer has open, and whether any is at risk or breached. */
    public Future<ComplaintFacts> factsFor(long customerId) {
        return pg.preparedQuery(ComplaintSql.FACTS).execute(Tuple.of(customerId, utc(clock.instant()))).map(rows -> {
            Row row = rows.iterator().next();
            return new ComplaintFacts(row.getLong("open").intValue(), row.getBoolean("at_risk"), row.getBoolean("breached"));
        });
    }

    /** The open complaint closest to breach: id, status, subject, resolutionDue (epoch s, absent while paused). */
    public Future<Optional<JsonObject>> mostUrgentOpen(long customerId) {
        Instant now = now();
        return pg.preparedQuery(ComplaintSql.MOST_URGENT_OPEN).execute(Tuple.of(customerId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Complaint c = Complaint.from(rows.iterator().next());
            JsonObject json = new JsonObject().put("id", c.id()).put("status", c.status().code()).put("subject", c.subject())
                    .put("slaState", c.slaState(now).code());
            if (c.resolutionDue() != null) {
                json.put("resolutionDue", c.resolutionDue().getEpochSecond());
            }
            return Optional.of(json);
        });
    }

    /** The customer's open complaints, most urgent first, as {@link #forCaller} finds them by number. */
    public Future<List<OpenComplaint>> openForCustomer(long customerId) {
        Instant now = now();
        return pg.preparedQuery(ComplaintSql.OPEN_FOR_CUSTOMER).execute(Tuple.of(customerId)).map(rows -> {
            List<OpenComplaint> open = new ArrayList<>();
            for (Row row : rows) {
                open.add(asOpen(Complaint.from(row), now));
            }
            return open;
        });
    }

    /**
     * For the route script, in one query by the number calling: the open complaints for the card and the facts
     * for the priority, the facts reckoned as {@link #factsFor} reckons them. An unknown number has none.
     */
    public Future<CallerComplaints> forCaller(String e164) {
        Instant now = now();
        return pg.preparedQuery(ComplaintSql.OPEN_FOR_PHONE).execute(Tuple.of(e164)).map(rows -> {
            List<Complaint> open = new ArrayList<>();
            rows.forEach(row -> open.add(Complaint.from(row)));
            return callerComplaints(open, now);
        });
    }

    /**
     * {@link #forCaller} for many numbers in one query, as routing asks under a burst; a number with no open complaint
     * (or nobody's) is absent.
     */
    public Future<Map<String, CallerComplaints>> forCallers(List<String> e164s) {
        Instant now = now();
        return pg.preparedQuery(ComplaintSql.OPEN_FOR_PHONES).execute(Tuple.tuple().addArrayOfString(e164s.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<Complaint>> byNumber = new HashMap<>();
                    rows.forEach(row -> byNumber.computeIfAbsent(row.getString("asked_e164"), n -> new ArrayList<>())
                            .add(Complaint.from(row)));
                    Map<String, CallerComplaints> found = new HashMap<>();
                    byNumber.forEach((number, open) -> found.put(number, callerComplaints(open, now)));
                    return found;
                });
    }

    /** Open complaints, most urgent first, with the facts reckoned as {@link #factsFor} reckons them. */
    private static CallerComplaints callerComplaints(List<Complaint> complaints, Instant now) {
        List<OpenComplaint> open = new ArrayList<>();
        boolean atRisk = false;
        boolean breached = false;
        for (Complaint c : complaints) {
            open.add(asOpen(c, now));
            atRisk |= c.atRiskAt() != null && !now.isBefore(c.atRiskAt()) && c.status() != ComplaintStatus.WAITING_CUSTOMER;
            breached |= c.breachAt() != null && !now.isBefore(c.breachAt());
        }
        return new CallerComplaints(new ComplaintFacts(open.size(), atRisk, breached), open);
    }

    private static OpenComplaint asOpen(Complaint c, Instant now) {
        return new OpenComplaint(c.id(), c.subject(), c.severity().code(), c.status().code(), c.resolutionDue(),
                c.breachAt(), c.slaState(now).code());
    }

    /**
     * A customer with an open complaint called again: raise the most urgent one by a level, once per call
     * ({@code linkedid}), however often the call's events are replayed. No open complaint: nothing to do.
     */
    public Future<Void> escalateForRepeatCall(long customerId, String linkedid) {
        if (linkedid == null || linkedid.isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("a repeat call is known by its linkedid; none given"));
        }
        Instant now = now();
        int top = policies.escalation().size();
        return pg.withTransaction(conn -> conn.preparedQuery(ComplaintSql.LOCK_MOST_URGENT_OPEN).execute(Tuple.of(customerId))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.<Escalations.Claimed>succeededFuture(null);
                            }
                            Complaint c = Complaint.from(rows.iterator().next());
                            int level = Math.min(c.escalationLevel() + 1, top);
                            return event(conn, c.id(), now, Actor.SYSTEM, "repeat-call", null, null,
                                    "the customer called again while this complaint is open", level, linkedid)
                                    .compose(v -> level > c.escalationLevel()
                                            ? escalations.raise(conn, c.id(), level, now)
                                            : Future.<Row>succeededFuture(null))
                                    .compose(raised -> raised == null
                                            ? Future.<Escalations.Claimed>succeededFuture(null)
                                            : escalations.keep(conn, raised, raised.getInteger("escalation_level")));
                        }))
                .compose(raised -> {
                    if (raised == null) {
                        return Future.<Void>succeededFuture();
                    }
                    escalations.announce(raised);
                    return escalations.indexDeadline(raised.row().getLong("id"), instant(raised.row(), "next_escalation_at"));
                })
                .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.succeededFuture() // this call already escalated it
                        : Future.failedFuture(e));
    }

    // --- helpers ---

    private static void mayChange(Complaint c, Actor actor) {
        if (actor.role() == Role.AGENT && c.ownerId() != null && !c.ownerId().equals(actor.id())) {
            throw new Forbidden("complaint " + c.id() + " belongs to " + c.owner() + "; agents change their own complaints");
        }
    }

    private Future<Complaint> after(Complaint c) {
        return escalations.indexDeadline(c.id(), c.nextEscalationAt()).map(v -> {
            escalations.changed(c.customerId());
            return c;
        });
    }

    private static Future<Complaint> load(SqlConnection conn, String sql, long id) {
        return conn.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw new NotFound("there is no complaint " + id);
            }
            return Complaint.from(rows.iterator().next());
        });
    }

    private static Future<List<StatusChange>> history(SqlConnection conn, long id) {
        return conn.preparedQuery(ComplaintSql.HISTORY).execute(Tuple.of(id)).map(rows -> {
            List<StatusChange> history = new ArrayList<>();
            rows.forEach(row -> history.add(StatusChange.of(instant(row, "at"), row.getString("to_status"))));
            return history;
        });
    }

    private static Future<Void> event(SqlConnection conn, long id, Instant at, Actor actor, String kind, ComplaintStatus from,
                                      ComplaintStatus to, String note, Integer level, String linkedid) {
        return conn.preparedQuery(ComplaintSql.INSERT_EVENT).execute(Tuple.from(new Object[]{id, utc(at), actor.id(),
                actor.username(), kind, from == null ? null : from.code(), to == null ? null : to.code(), note, level, linkedid}))
                .mapEmpty();
    }

    /** 1h30m, 20h15m, 22m30s: how targets are written in the config, so the label reads the same. */
    static String words(java.time.Duration d) {
        StringBuilder text = new StringBuilder();
        if (d.toHours() > 0) {
            text.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            text.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(d.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    // Times on the trail in whole seconds: promises are made in minutes, and seconds keep them readable.
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Business times are stored in whole seconds, as the trail's times are. */
    private static Long seconds(java.time.Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static OffsetDateTime[] dues(SlaSchedule s) {
        return s.levelDues().stream().map(Complaint::utc).toArray(OffsetDateTime[]::new);
    }
}
