package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.SessionUser;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.calldesk.reports.QueueReport.blankToNull;
import static org.calldesk.reports.QueueReport.ratio;
import static org.calldesk.reports.ReportTable.Kind.COUNT;
import static org.calldesk.reports.ReportTable.Kind.NUMBER;
import static org.calldesk.reports.ReportTable.Kind.PERCENT;
import static org.calldesk.reports.ReportTable.Kind.SECONDS;
import static org.calldesk.reports.ReportTable.Kind.TEXT;

/**
 * Agents and teams over a range: calls answered, talk and wrap-up, handle time, dispositions, complaints logged,
 * owned and resolved, and the satisfaction of the complaints they resolved (share of 4–5 scores, and the average).
 * Team rows add up their agents' rows. Ring-no-answer, logged-in time, paused time by reason and occupancy come
 * from the history of agent states ({@link AgentStates}, V20): occupancy = (on call + wrap-up) ÷ (logged in −
 * paused), all four as the agent's states were; hold is the time between AMI Hold and Unhold on the agent's phone.
 */
public final class AgentReport {

    private final Pool pg;
    private final ReportSettings settings;

    public AgentReport(Pool pg, ReportSettings settings) {
        this.pg = pg;
        this.settings = settings;
    }

    /** Every agent the filters (team, agent) pick. */
    public Future<JsonObject> all(MultiMap params, SessionUser user) {
        return run(params, blankToNull(params.get("team")), blankToNull(params.get("agent")), null);
    }

    /** The signed-in user's own figures: other filters are ignored, so nobody sees anyone else's. */
    public Future<JsonObject> own(MultiMap params, SessionUser user) {
        return run(params, null, null, user.id());
    }

    private Future<JsonObject> run(MultiMap params, String team, String agent, Long agentId) {
        ReportRange range;
        try {
            range = ReportRange.parse(params, settings);
        } catch (Invalid e) {
            return Future.failedFuture(e);
        }
        Tuple agents = Tuple.of(range.startUtc(), range.endUtc(), team, agent, agentId, range.from(), range.to());
        Interval step = range.interval().atLeastDay();
        Tuple series = Tuple.of(range.from(), range.to(), range.zone().getId(), step.sqlUnit(), step.sqlInterval(),
                team, agent, agentId);
        return pg.preparedQuery(ReportSql.AGENTS).execute(agents).compose(rows -> pg.preparedQuery(ReportSql.AGENT_SERIES)
                .execute(series).map(points -> {
                    ReportTable table = columns();
                    Map<String, long[]> teams = new TreeMap<>();
                    Map<String, Map<String, Long>> pausesByTeam = new TreeMap<>();
                    for (Row row : rows) {
                        JsonObject figures = figures(row);
                        table.row(figures);
                        long[] sums = teams.computeIfAbsent(row.getString("team") == null ? "" : row.getString("team"), t -> new long[SUMS]);
                        add(sums, row);
                        Map<String, Long> teamPauses = pausesByTeam.computeIfAbsent(row.getString("team") == null ? "" : row.getString("team"),
                                t -> new TreeMap<>());
                        pauses(row.getString("pauses")).forEach((reason, ms) -> teamPauses.merge(reason, ms, Long::sum));
                    }
                    JsonArray chart = new JsonArray();
                    for (Row point : points) {
                        chart.add(new JsonObject().put("interval", point.getString("ivl")).put("answered", point.getLong("answered"))
                                .put("talkMs", point.getLong("talk_ms"))
                                .put("occupancy", occupancy(point.getLong("busy_ms"), 0, point.getLong("logged_in_ms"),
                                        point.getLong("paused_ms"))));
                    }
                    JsonArray totals = new JsonArray();
                    if (agentId == null && agent == null) {
                        teams.forEach((name, sums) -> totals.add(teamRow(name, sums, pausesByTeam.get(name))));
                    }
                    return new JsonObject().put("report", agentId == null ? "agents" : "me")
                            .put("from", range.from().toString()).put("to", range.to().toString())
                            .put("interval", step.param()).put("timeZone", range.zone().getId())
                            .put("columns", table.columnsJson()).put("rows", table.rows()).put("totals", totals)
                            .put("series", chart)
                            .put("noteKey", "report.note.agentStates");
                }));
    }

    static ReportTable columns() {
        return new ReportTable()
                .column("name", "Agent", TEXT)
                .column("team", "Team", TEXT)
                .column("answered", "Calls answered", COUNT)
                .column("ringNoAnswer", "Ring-no-answer", COUNT)
                .column("talkMs", "Talk time (s)", SECONDS)
                .column("holdMs", "Hold time (s)", SECONDS)
                .column("wrapupMs", "Wrap-up time (s)", SECONDS)
                .column("ahtMs", "Average handle time (s)", SECONDS)
                .column("loggedInMs", "Logged in (s)", SECONDS)
                .column("pausedMs", "Paused (s)", SECONDS)
                .column("pausedByReason", "Paused by reason", TEXT)
                .column("occupancy", "Occupancy %", PERCENT)
                .column("dispositions", "Dispositions", TEXT)
                .column("complaintsLogged", "Complaints logged", COUNT)
                .column("complaintsOwned", "Complaints owned (opened in range)", COUNT)
                .column("complaintsResolved", "Complaints resolved", COUNT)
                .column("csat", "Satisfied (4–5) %", PERCENT)
                .column("avgScore", "Average follow-up score", NUMBER);
    }

    private static JsonObject figures(Row row) {
        long answered = row.getLong("answered");
        long talk = row.getLong("talk_ms");
        long wrap = row.getLong("wrapup_ms");
        return new JsonObject()
                .put("name", row.getString("display_name"))
                .put("username", row.getString("username"))
                .put("team", row.getString("team"))
                .put("answered", answered)
                .put("talkMs", talk)
                .put("wrapupMs", wrap)
                .put("ahtMs", answered == 0 ? null : Math.round((double) (talk + wrap) / answered))
                .put("ringNoAnswer", row.getLong("ring_no_answer"))
                .put("holdMs", row.getLong("hold_ms"))
                .put("loggedInMs", row.getLong("logged_in_ms"))
                .put("pausedMs", row.getLong("paused_ms"))
                .put("pausedByReason", pausedText(pauses(row.getString("pauses"))))
                .put("pauses", new JsonObject(new LinkedHashMap<>(pauses(row.getString("pauses")))))
                .put("onCallMs", row.getLong("on_call_ms"))
                .put("wrapUpStateMs", row.getLong("wrap_state_ms"))
                .put("occupancy", occupancy(row.getLong("on_call_ms"), row.getLong("wrap_state_ms"),
                        row.getLong("logged_in_ms"), row.getLong("paused_ms")))
                .put("dispositions", dispositions(row.getString("dispositions")))
                .put("complaintsLogged", row.getLong("logged"))
                .put("complaintsOwned", row.getLong("owned"))
                .put("complaintsResolved", row.getLong("resolved"))
                .put("csat", ratio(row.getLong("satisfied"), row.getLong("scored")))
                .put("avgScore", row.getDouble("avg_score"));
    }

    /** "resolved 12 · wrong number 1", from the JSON object PostgreSQL built. */
    private static String dispositions(String json) {
        if (json == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        Map<String, Object> counts = new LinkedHashMap<>(new JsonObject(json).getMap());
        for (Iterator<Map.Entry<String, Object>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            text.append(e.getKey()).append(' ').append(e.getValue());
            if (it.hasNext()) {
                text.append(" · ");
            }
        }
        return text.toString();
    }

    /**
     * Occupancy = (on call + wrap-up) ÷ (logged in − paused), every term from the agent's states; null when the agent
     * was logged in only while paused (or not at all).
     */
    static Double occupancy(long onCallMs, long wrapUpMs, long loggedInMs, long pausedMs) {
        long available = loggedInMs - pausedMs;
        return available <= 0 ? null : (double) (onCallMs + wrapUpMs) / available;
    }

    /** Paused milliseconds by reason ("" = none given), from the JSON object PostgreSQL built. */
    private static Map<String, Long> pauses(String json) {
        Map<String, Long> out = new TreeMap<>();
        if (json != null) {
            new JsonObject(json).forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
        }
        return out;
    }

    /** "lunch 0:30:00 · training 1:00:00"; a pause without a reason shows as "—". */
    static String pausedText(Map<String, Long> pauses) {
        StringBuilder text = new StringBuilder();
        pauses.forEach((reason, ms) -> {
            if (ms == null || ms <= 0) {
                return;
            }
            if (!text.isEmpty()) {
                text.append(" · ");
            }
            long s = Math.round(ms / 1000.0);
            text.append(reason.isEmpty() ? "—" : reason).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60));
        });
        return text.toString();
    }

    private static final int SUMS = 14;

    private static void add(long[] sums, Row row) {
        sums[0] += row.getLong("answered");
        sums[1] += row.getLong("talk_ms");
        sums[2] += row.getLong("wrapup_ms");
        sums[3] += row.getLong("logged");
        sums[4] += row.getLong("owned");
        sums[5] += row.getLong("resolved");
        sums[6] += row.getLong("scored");
        sums[7] += row.getLong("satisfied");
        sums[8] += row.getLong("ring_no_answer");
        sums[9] += row.getLong("logged_in_ms");
        sums[10] += row.getLong("paused_ms");
        sums[11] += row.getLong("on_call_ms");
        sums[12] += row.getLong("wrap_state_ms");
        sums[13] += row.getLong("hold_ms");
    }

    private static JsonObject teamRow(String team, long[] s, Map<String, Long> pauses) {
        return new JsonObject()
                .put("name", team.isEmpty() ? "no team" : "team " + team)
                .put("team", team.isEmpty() ? null : team)
                .put("answered", s[0]).put("talkMs", s[1]).put("wrapupMs", s[2])
                .put("ahtMs", s[0] == 0 ? null : Math.round((double) (s[1] + s[2]) / s[0]))
                .put("dispositions", "")
                .put("ringNoAnswer", s[8]).put("holdMs", s[13]).put("loggedInMs", s[9]).put("pausedMs", s[10])
                .put("pausedByReason", pausedText(pauses == null ? Map.of() : pauses))
                .put("pauses", new JsonObject(new LinkedHashMap<>(pauses == null ? Map.of() : pauses)))
                .put("onCallMs", s[11]).put("wrapUpStateMs", s[12])
                .put("occupancy", occupancy(s[11], s[12], s[9], s[10]))
                .put("complaintsLogged", s[3]).put("complaintsOwned", s[4]).put("complaintsResolved", s[5])
                .put("csat", ratio(s[7], s[6]));
    }
}
