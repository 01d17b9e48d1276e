package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each ended call once into {@code calls}, and into the customer's history when the caller is
 * known. Safe to call again for the same Linkedid: the row and the interaction are kept by constraint.
 */
public final class CallStore {

  private static final Logger log = LoggerFactory.getLogger(CallStore.class);
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  private final AgentDirectory agents;

  public CallStore(Pool pool, AgentDirectory agents) {
    this.pool = pool;
    this.agents = agents;
  }

  /** Subscribes to ended calls; failures are logged, never thrown at the event stream. */
  public void attach(LiveCalls live) {
    live.onCallEnded(call -> store(call)
        .onFailure(e -> log.error("call {}: could not store its end: {}", call.linkedid(), e.getMessage())));
  }

  /** Completes with true when this call was written now, false when it was already stored. */
  public Future<Boolean> store(LiveCall call) {
    if (!call.isFinal()) {
      return Future.failedFuture(new IllegalArgumentException("call " + call.linkedid() + " has not ended"));
    }
    Long agentId = agents.byInterface(call.agentInterface()).map(AgentLine::id).orElse(null);
    RouteInfo route = call.route();
    Tuple row = Tuple.tuple()
        .addString(call.linkedid())
        .addString(call.callerNumber())
        .addLong(route == null ? null : route.customerId())
        .addString(call.queue())
        .addInteger(call.priority())
        .addString(route == null ? null : route.tier())
        .addString(route == null ? null : route.reason())
        .addString(route == null ? null : route.ivr())
        .addOffsetDateTime(utc(call.enteredAt()))
        .addOffsetDateTime(utc(call.answeredAt()))
        .addOffsetDateTime(utc(call.endedAt()))
        .addLong(agentId)
        .addString(call.agentInterface())
        .addString(call.outcome().dbValue())
        .addLong(call.waitMs())
        .addLong(call.talkMs())
        .addInteger(call.missedRings());
    return pool.preparedQuery(CallSql.INSERT_CALL).execute(row).compose(rows -> {
      boolean inserted = rows.rowCount() > 0;
      if (!inserted || route == null || route.customerId() == null) {
        return Future.succeededFuture(inserted);
      }
      return addToHistory(call, route.customerId(), agentId).map(inserted);
    });
  }

  private Future<Void> addToHistory(LiveCall call, long customerId, Long agentId) {
    JsonObject details = new JsonObject()
        .put("outcome", call.outcome().dbValue())
        .put("queue", call.queue())
        .put("agent_interface", call.agentInterface())
        .put("wait_ms", call.waitMs())
        .put("talk_ms", call.talkMs())
        .put("route_reason", call.route() == null ? null : call.route().reason());
    Tuple row = Tuple.of(customerId, utc(call.endedAt()), agentId, summary(call), call.linkedid(), details);
    return pool.preparedQuery(CallSql.INSERT_INTERACTION).execute(row).<Void>mapEmpty()
        .recover(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.succeededFuture()
            : Future.failedFuture(e));
  }

  /** "answered by agent3 after 12 s, talked 2 min" / "abandoned after 40 s in service". */
  String summary(LiveCall call) {
    String wait = duration(call.waitMs());
    return switch (call.outcome()) {
      case ANSWERED -> "answered by " + agentName(call) + " after " + wait + ", talked "
          + duration(call.talkMs());
      case ABANDONED -> "abandoned after " + wait + " in " + call.queue();
      case NO_ANSWER -> "not answered after " + wait + " in " + call.queue();
      case ENDED_IN_IVR -> "ended in the menu";
      case LOST -> "ended while the telephony link was down";
    };
  }

  private String agentName(LiveCall call) {
    return agents.byInterface(call.agentInterface()).map(AgentLine::username)
        .orElse(call.agentName() != null ? call.agentName() : String.valueOf(call.agentInterface()));
  }

  static String duration(long ms) {
    long s = Math.round(ms / 1000.0);
    if (s < 60) {
      return s + " s";
    }
    long min = s / 60;
    long rest = s % 60;
    return rest == 0 ? min + " min" : min + " min " + rest + " s";
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

}
