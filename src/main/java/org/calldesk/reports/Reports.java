package org.calldesk.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.util.List;

/** Every report, made once per server: the routes serve them and the benchmark times them. */
public final class Reports {

    private final Pool pg;
    private final ReportSettings settings;
    private final QueueReport queues;
    private final AgentReport agents;
    private final Rollups rollups;
    private final ContactReport contacts;
    private final ComplaintReport complaints;
    private final ValueReport value;
    private final List<String> tiers;
    private final List<String> categories;

    public Reports(Pool pg, ReportSettings settings, List<String> tiers, List<String> categories) {
        this.pg = pg;
        this.settings = settings;
        this.queues = new QueueReport(pg, settings);
        this.agents = new AgentReport(pg, settings);
        this.rollups = new Rollups(pg, settings);
        this.contacts = new ContactReport(pg, settings);
        this.complaints = new ComplaintReport(pg, settings);
        this.value = new ValueReport(pg, tiers, settings.zone());
        this.tiers = List.copyOf(tiers);
        // not copied: the categories administrators set (a live list) reach the filter without a restart
        this.categories = categories;
    }

    public Rollups rollups() {
        return rollups;
    }

    public QueueReport queues() {
        return queues;
    }

    public AgentReport agents() {
        return agents;
    }

    /** The pages, in the order the report menu shows them. */
    public List<ReportRoutes.Page> pages() {
        return List.of(
                new ReportRoutes.Page("queues", "Queues over time", List.of("interval", "by", "queue", "tier", "shortAbandons"),
                        (params, user) -> queues.run(params, QueueReport.Split.QUEUE)),
                new ReportRoutes.Page("green", "Green channel by tier", List.of("interval", "queue", "tier", "shortAbandons"),
                        (params, user) -> queues.run(params, QueueReport.Split.TIER)),
                new ReportRoutes.Page("agents", "Agents and teams", List.of("interval", "team", "agent"), agents::all),
                new ReportRoutes.Page("dispositions", "Dispositions and reasons for calling", List.of("interval", "agent"),
                        contacts::run),
                new ReportRoutes.Page("complaints", "Complaints", List.of("interval", "complaintsBy", "category", "tier",
                        "severity"), complaints::run),
                new ReportRoutes.Page("value", "Customer value", List.of("noRange"), value::run));
    }

    public ReportRoutes.Page me() {
        return new ReportRoutes.Page("me", "My figures", List.of("interval"), agents::own);
    }

    public ReportRoutes routes() {
        return new ReportRoutes(pages(), me(), this::options, settings.zone().getId());
    }

    private Future<JsonObject> options() {
        return pg.query(ReportSql.TEAMS).execute().compose(teams -> pg.query(ReportSql.AGENT_NAMES).execute().map(agentRows -> {
            JsonArray teamNames = new JsonArray();
            teams.forEach(row -> teamNames.add(row.getString("team")));
            JsonArray agentList = new JsonArray();
            for (Row row : agentRows) {
                agentList.add(new JsonObject().put("username", row.getString("username")).put("name", row.getString("display_name")));
            }
            return new JsonObject()
                    .put("queue", new JsonArray(new java.util.ArrayList<>(settings.queueNames())))
                    .put("tier", new JsonArray(new java.util.ArrayList<>(tiers)).add(QueueReport.NO_TIER))
                    .put("category", new JsonArray(new java.util.ArrayList<>(categories.stream().toList())))
                    .put("severity", new JsonArray().add("critical").add("high").add("normal").add("low"))
                    .put("team", teamNames)
                    .put("agent", agentList)
                    .put("timeZone", settings.zone().getId())
                    .put("shortAbandonS", settings.shortAbandonS())
                    .put("excludeShortAbandons", settings.excludeShortAbandons());
        }));
    }
}
