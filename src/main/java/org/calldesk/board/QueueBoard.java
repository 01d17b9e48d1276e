package org.calldesk.board;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.QueueMemberState;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.AgentStatus.Activity;
import org.calldesk.telephony.LiveView;
import org.calldesk.telephony.WaitingCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The supervisors' queue wallboard: per configured queue what is waiting now, who is doing what, and the
 * call figures of the rolling window and of today; the waiting callers; the agents grid. Live state comes
 * from one consistent snapshot of {@link LiveCalls} taken on the AMI bridge's context, history from
 * PostgreSQL. Either may fail on its own: the board then says what it is missing instead of failing whole.
 */
public final class QueueBoard {

    private static final Logger log = LoggerFactory.getLogger(QueueBoard.class);
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Bounds the wrap-up lookup by entered_at so it stays on the index; longer calls are not expected. */
    private static final Duration LONGEST_CALL = Duration.ofHours(12);

    private record Live(Map<String, List<WaitingCaller>> waiting, List<LiveCall> calls, List<QueueMemberState> members) {
        static final Live NONE = new Live(Map.of(), List.of(), List.of());
    }

    private record Customer(String name, boolean openComplaint) {
    }

    /** The window's and today's figures of one queue. */
    private record Periods(QueueFigures window, QueueFigures today) {
    }

    private final Pool pg;
    private final LiveView switchboard;
    private final AgentDirectory agents;
    private final List<BoardQueue> queues;
    private final Map<String, BoardQueue> queuesByName;
    private final Clock clock;
    private final BoardSettings settings;
    private final long maxWrapupMs;

    /**
     * @param switchboard null on a node without the phone side: the board then shows figures only
     * @param clock       its zone decides where "today" starts (the server's time zone in production)
     */
    public QueueBoard(Pool pg, LiveView switchboard, AgentDirectory agents, List<BoardQueue> queues, Clock clock,
                      BoardSettings settings) {
        this.settings = settings;
        this.pg = pg;
        this.switchboard = switchboard;
        this.agents = agents;
        this.queues = List.copyOf(queues);
        this.queuesByName = this.queues.stream().collect(Collectors.toMap(BoardQueue::name, q -> q, (a, b) -> a));
        this.clock = clock;
        this.maxWrapupMs = this.queues.stream().mapToLong(q -> q.wrapupS() * 1000L).max().orElse(0);
    }

    public List<BoardQueue> queues() {
        return queues;
    }

    public Future<JsonObject> snapshot() {
        // The live snapshot completes on the bridge's thread: every later step hops back to the caller's
        // context, so SQL and the HTTP reply stay on the request's event loop.
        Context caller = Vertx.currentContext();
        Instant now = clock.instant();
        ZonedDateTime startOfDay = now.atZone(clock.getZone()).toLocalDate().atStartOfDay(clock.getZone());
        List<String> problems = new CopyOnWriteArrayList<>();
        Future<Map<String, Periods>> figures = figures(now, startOfDay.toInstant())
                .recover(e -> degraded(problems, "call figures", e, Map.of()));
        Future<Map<String, Instant>> wrapping = wrapUps(now)
                .recover(e -> degraded(problems, "wrap-up", e, Map.of()));
        Future<Live> live = back(caller, live())
                .recover(e -> degraded(problems, "live calls", e, Live.NONE));
        Future<Map<Long, Customer>> customers = live.compose(this::customers)
                .recover(e -> degraded(problems, "customer names", e, Map.of()));
        Future<Long> callbacks = pg.query(BoardSql.CALLBACKS_PENDING).execute()
                .map(rows -> rows.iterator().next().getLong("n"))
                .recover(e -> degraded(problems, "callbacks", e, -1L));
        return back(caller, Future.all(figures, wrapping, live, customers, callbacks)).map(all -> new JsonObject()
                .put("now", now.toString())
                .put("nowMs", now.toEpochMilli())
                .put("timeZone", clock.getZone().getId())
                .put("today", startOfDay.toLocalDate().toString())
                .put("windowMinutes", WINDOW.toMinutes())
                .put("thresholds", thresholdsJson())
                .put("staleMs", settings.stale().toMillis())
                .put("pbx", switchboard == null ? "none" : switchboard.linkUp() ? "up" : "down")
                .put("problems", new JsonArray(List.copyOf(problems)))
                .put("callbacksPending", callbacks.result() < 0 ? null : callbacks.result())
                .mergeIn(assemble(now, figures.result(), wrapping.result(), live.result(), customers.result())));
    }

    private JsonObject assemble(Instant now, Map<String, Periods> figures, Map<String, Instant> wrapping, Live live,
                                Map<Long, Customer> customers) {
        Map<String, LiveCall> calls = live.calls().stream()
                .collect(Collectors.toMap(LiveCall::linkedid, c -> c, (a, b) -> a));
        Map<String, Activity> states = new HashMap<>();
        JsonArray agents = agents(now, live, wrapping, states);
        JsonArray tiles = new JsonArray();
        for (BoardQueue queue : queues) {
            List<WaitingCaller> waiting = live.waiting().getOrDefault(queue.name(), List.of());
            JsonObject byTier = new JsonObject();
            waiting.forEach(w -> byTier.put(tierOf(w.tier()), byTier.getLong(tierOf(w.tier()), 0L) + 1));
            JsonObject byState = new JsonObject();
            for (Activity state : Activity.values()) {
                if (state != Activity.LOGGED_OUT) {
                    byState.put(state.code(), 0L);
                }
            }
            long staffed = 0;
            for (QueueMemberState member : live.members()) {
                Activity state = member.queue().equals(queue.name()) ? states.get(key(member.iface())) : null;
                if (state != null) {
                    byState.put(state.code(), byState.getLong(state.code()) + 1);
                    staffed++;
                }
            }
            Periods periods = figures.get(queue.name());
            JsonObject headline = Headline.of(queue, periods == null ? null : periods.window(), waiting, settings.thresholds());
            tiles.add(new JsonObject()
                    .put("name", queue.name())
                    .put("serviceLevelS", queue.serviceLevelS())
                    .put("waiting", waiting.size())
                    .put("longestWaitMs", waiting.stream().mapToLong(WaitingCaller::waitMs).max().orElse(0))
                    .put("waitingByTier", byTier)
                    .put("waitingOverThreshold", Headline.overThreshold(queue, waiting))
                    .put("headline", headline)
                    .put("todayServiceLevelGrade", periods == null ? Headline.NONE
                            : Headline.serviceLevelGrade(periods.today().serviceLevelWithAbandons(), settings.thresholds()))
                    .put("agents", byState.put("total", staffed))
                    .put("window", periods == null ? null : periods.window().toJson())
                    .put("today", periods == null ? null : periods.today().toJson()));
        }
        return new JsonObject().put("queues", tiles).put("waiting", waitingList(live, calls, customers)).put("agents", agents);
    }

    /** Who waits, in the configured queues' order, each queue in the order it will be answered. */
    private JsonArray waitingList(Live live, Map<String, LiveCall> calls, Map<Long, Customer> customers) {
        List<String> order = new ArrayList<>(queues.stream().map(BoardQueue::name).toList());
        live.waiting().keySet().stream().filter(q -> !queuesByName.containsKey(q)).forEach(order::add);
        JsonArray list = new JsonArray();
        for (String queue : order) {
            for (WaitingCaller w : live.waiting().getOrDefault(queue, List.of())) {
                LiveCall call = calls.get(w.linkedid());
                Long customerId = call == null || call.route() == null ? null : call.route().customerId();
                Customer customer = customerId == null ? null : customers.get(customerId);
                list.add(new JsonObject()
                        .put("linkedid", w.linkedid())
                        .put("queue", w.queue())
                        .put("tier", w.tier())
                        .put("priority", w.priority())
                        .put("position", w.position())
                        .put("waitedMs", w.waitMs())
                        .put("joinedAt", w.joinedAt() == null ? null : w.joinedAt().toString())
                        .put("ringing", w.ringing())
                        .put("reason", call == null || call.route() == null ? null : call.route().reason())
                        .put("customerId", customerId)
                        .put("customerName", customer == null ? null : customer.name())
                        .put("openComplaint", customer != null && customer.openComplaint()));
            }
        }
        return list;
    }

    /** One row per logged-in interface, by name so tiles keep their places; fills {@code states} by interface key. */
    private JsonArray agents(Instant now, Live live, Map<String, Instant> wrapping, Map<String, Activity> states) {
        Map<String, List<QueueMemberState>> byInterface = live.members().stream()
                .collect(Collectors.groupingBy(m -> key(m.iface()), LinkedHashMap::new, Collectors.toList()));
        Map<String, LiveCall> current = new HashMap<>();
        for (LiveCall call : live.calls()) {
            if (call.phase() == LiveCall.Phase.CONNECTED && call.agentInterface() != null) {
                current.put(key(call.agentInterface()), call);
            } else {
                // Rung from a queue, or dialled from the route as the account manager before any queue.
                call.ringing().forEach(iface -> current.putIfAbsent(key(iface), call));
            }
        }
        List<JsonObject> rows = new ArrayList<>();
        byInterface.forEach((key, memberships) -> {
            LiveCall call = current.get(key);
            boolean connected = call != null && call.phase() == LiveCall.Phase.CONNECTED;
            QueueMemberState first = memberships.get(0);
            AgentStatus status = AgentStatus.of(first.iface(), memberships, connected, call != null && !connected,
                    wrapping.containsKey(key));
            Activity state = status.activity();
            states.put(key, state);
            Optional<AgentLine> line = agents == null ? Optional.empty() : agents.byInterface(first.iface());
            Instant since = switch (state) {
                // Paused by calldesk for wrap-up (extended past the queue's time, say): since the pause.
                case WRAP_UP -> wrapping.getOrDefault(key, status.since());
                case ON_CALL -> connected && call.answeredAt() != null ? call.answeredAt() : status.since();
                default -> status.since();
            };
            boolean engaged = status.busy();
            rows.add(new JsonObject()
                    .put("agentId", line.map(AgentLine::id).orElse(null))
                    .put("username", line.map(AgentLine::username).orElse(null))
                    .put("name", line.map(AgentLine::displayName)
                            .orElse(first.memberName() != null ? first.memberName() : first.iface()))
                    .put("interface", first.iface())
                    .put("state", state.code())
                    .put("stateLabel", state.label())
                    .put("reason", state == Activity.PAUSED && !status.pauseReason().isEmpty() ? status.pauseReason() : null)
                    .put("since", since == null ? null : since.toString())
                    .put("inStateMs", since == null ? null : Math.max(0, Duration.between(since, now).toMillis()))
                    .put("queues", new JsonArray(status.queues()))
                    .put("caller", engaged && call != null ? new JsonObject().put("linkedid", call.linkedid())
                            .put("tier", call.route() == null ? null : call.route().tier()) : null));
        });
        rows.sort(Comparator.comparing((JsonObject a) -> a.getString("name"), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(a -> a.getString("interface")));
        return new JsonArray(new ArrayList<>(rows));
    }

    private Future<Live> live() {
        if (switchboard == null) {
            return Future.succeededFuture(Live.NONE);
        }
        return switchboard.snapshot().map(s -> new Live(s.waiting(), s.calls(), s.members()));
    }

    private Future<Map<String, Periods>> figures(Instant now, Instant startOfDay) {
        Tuple args = Tuple.tuple()
                .addValue(queues.stream().map(BoardQueue::name).toArray(String[]::new))
                .addValue(queues.stream().map(BoardQueue::serviceLevelMs).toArray(Long[]::new))
                .addValue(utc(now.minus(WINDOW)))
                .addValue(utc(startOfDay))
                .addValue(utc(now));
        return pg.preparedQuery(BoardSql.QUEUE_FIGURES).execute(args).map(rows -> {
            Map<String, Periods> byQueue = new HashMap<>();
            for (Row row : rows) {
                byQueue.put(row.getString("name"), new Periods(QueueFigures.from(row, "w_"), QueueFigures.from(row, "d_")));
            }
            return byQueue;
        });
    }

    /** Interfaces still in wrap-up, with when their last call ended. */
    private Future<Map<String, Instant>> wrapUps(Instant now) {
        if (maxWrapupMs == 0) {
            return Future.succeededFuture(Map.of());
        }
        Tuple args = Tuple.of(utc(now.minus(LONGEST_CALL)), utc(now.minusMillis(maxWrapupMs)));
        return pg.preparedQuery(BoardSql.LAST_ANSWERED_BY_INTERFACE).execute(args).map(rows -> {
            Map<String, Instant> wrapping = new HashMap<>();
            for (Row row : rows) {
                Instant ended = row.getOffsetDateTime("ended_at").toInstant();
                BoardQueue queue = queuesByName.get(row.getString("queue"));
                if (queue != null && ended.plusSeconds(queue.wrapupS()).isAfter(now)) {
                    wrapping.put(key(row.getString("agent_interface")), ended);
                }
            }
            return wrapping;
        });
    }

    private Future<Map<Long, Customer>> customers(Live live) {
        Map<String, LiveCall> calls = live.calls().stream()
                .collect(Collectors.toMap(LiveCall::linkedid, c -> c, (a, b) -> a));
        Long[] ids = live.waiting().values().stream().flatMap(List::stream)
                .map(w -> calls.get(w.linkedid()))
                .filter(c -> c != null && c.route() != null && c.route().customerId() != null)
                .map(c -> c.route().customerId()).distinct().toArray(Long[]::new);
        if (ids.length == 0) {
            return Future.succeededFuture(Map.of());
        }
        return pg.preparedQuery(BoardSql.WAITING_CUSTOMERS).execute(Tuple.of(ids)).map(rows -> {
            Map<Long, Customer> byId = new HashMap<>();
            for (Row row : rows) {
                byId.put(row.getLong("id"), new Customer(row.getString("name"), row.getBoolean("open_complaint")));
            }
            return byId;
        });
    }

    /** The configured limits, for the page's legend and for grading the longest wait as it ticks. */
    private JsonObject thresholdsJson() {
        BoardSettings.Thresholds t = settings.thresholds();
        return new JsonObject()
                .put("serviceLevelPct", band(t.serviceLevelPct()))
                .put("longestWaitSl", band(t.longestWaitSl()))
                .put("asaSl", band(t.asaSl()))
                .put("abandonRatePct", band(t.abandonRatePct()))
                .put("waiting", band(t.waiting()));
    }

    private static JsonObject band(BoardSettings.Band band) {
        return new JsonObject().put("warn", band.warn()).put("bad", band.bad());
    }

    private static <T> Future<T> degraded(List<String> problems, String what, Throwable e, T fallback) {
        // Debug only: a board polled every few seconds by every supervisor would flood the log while
        // PostgreSQL is down, and /health already says so.
        log.debug("queue board without {}: {}", what, e.toString());
        problems.add(what + " unavailable: " + e.getMessage());
        return Future.succeededFuture(fallback);
    }

    private static <T> Future<T> back(Context context, Future<T> future) {
        if (context == null) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> context.runOnContext(v -> {
            if (ar.succeeded()) {
                promise.complete(ar.result());
            } else {
                promise.fail(ar.cause());
            }
        }));
        return promise.future();
    }


    private static String tierOf(String tier) {
        return tier == null || tier.isEmpty() ? "unranked" : tier;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Asterisk compares interfaces case-insensitively. */
    private static String key(String iface) {
        return iface == null ? "" : iface.toLowerCase(Locale.ROOT);
    }
}
