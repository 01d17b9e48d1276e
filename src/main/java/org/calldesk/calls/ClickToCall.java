package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.Optional;
import org.calldesk.customers.CustomerCard;
import org.calldesk.customers.CustomerStore;
import org.calldesk.platform.Masked;
import org.calldesk.platform.SessionUser;
import org.calldesk.telephony.Originations;
import org.calldesk.web.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent calls a customer from the desk: the agent's phone rings first, then the customer's. The agent's
 * console hears each stage over its WebSocket, and the customer's history gets the attempt once, with how it
 * ended; an attempt still under way is in no history.
 */
public final class ClickToCall {

    private static final Logger log = LoggerFactory.getLogger(ClickToCall.class);

    private static final String LOG_OUTBOUND = """
            INSERT INTO interactions (customer_id, agent_id, kind, summary, details)
            VALUES ($1, $2, 'call', $3, jsonb_build_object('direction', 'outbound', 'number', $4::text,
                'originate', $5::text, 'outcome', $6::text, 'reason', $7::text))
            """;

    private final Vertx vertx;
    private final Pool pg;
    private final CustomerStore customers;
    private final Originations originations;

    public ClickToCall(Vertx vertx, Pool pg, CustomerStore customers, Originations originations) {
        this.vertx = vertx;
        this.pg = pg;
        this.customers = customers;
        this.originations = originations;
    }

    /** Rings {@code user}'s phone, then {@code number} (E.164); gives the attempt's id once the PBX has taken it. */
    public Future<String> start(SessionUser user, String number) {
        return start(user, number, progress -> { });
    }

    /**
     * As {@link #start(SessionUser, String)}; {@code also} hears every stage too, after the agent's console, on the
     * bridge's context (so it only hands work on).
     */
    public Future<String> start(SessionUser user, String number, java.util.function.Consumer<Originations.Progress> also) {
        return customers.byE164(number).recover(e -> {
            // The call matters more than its line in the history: place it as if the number were unknown.
            log.warn("click-to-call by {} to {}: customer not looked up ({}); no history will be written",
                    user.username(), Masked.phone(number), e.getMessage());
            return Future.succeededFuture(Optional.empty());
        }).compose(customer -> {
            Long customerId = customer.map(CustomerCard::id).orElse(null);
            Originations.Dial dial = new Originations.Dial(user.iface(), number,
                    customer.map(CustomerCard::name).orElse(null));
            return originations.start(dial, progress -> {
                report(user, number, customerId, progress);
                also.accept(progress);
            });
        });
    }

    /** Runs on the bridge's context, so it only hands work on: a socket message, and at the end one insert. */
    private void report(SessionUser user, String number, Long customerId, Originations.Progress progress) {
        Sockets.toUser(vertx, user.id(), message(number, progress), null);
        if (!progress.settled() || customerId == null) {
            return;
        }
        String outcome = outcome(progress);
        String summary = "click-to-call by " + user.username() + " to " + number + ", "
                + (progress.stage() == Originations.Stage.CONNECTED ? outcome : outcome + ": " + progress.reason());
        pg.preparedQuery(LOG_OUTBOUND).execute(Tuple.of(customerId, user.id(), summary, number, progress.id(), outcome,
                        progress.reason()))
                .compose(rows -> customers.forget(customerId))
                .onFailure(e -> log.warn("click-to-call {} not written into customer {}'s history: {}", progress.id(),
                        customerId, e.getMessage()));
    }

    /**
     * {@code {type: "originate", id, state: ringing|connected|failed, reason, number}}; while ringing, {@code leg}
     * says whose phone rings: the agent's, then (once they answered) the customer's.
     */
    static JsonObject message(String number, Originations.Progress progress) {
        JsonObject message = new JsonObject().put("type", "originate").put("id", progress.id());
        switch (progress.stage()) {
            case RINGING -> message.put("state", "ringing").put("leg", "agent");
            case ANSWERED -> message.put("state", "ringing").put("leg", "customer");
            case CONNECTED -> message.put("state", "connected");
            case FAILED -> message.put("state", "failed");
        }
        return message.put("reason", progress.reason()).put("number", number);
    }

    private static String outcome(Originations.Progress progress) {
        return progress.stage().name().toLowerCase(Locale.ROOT);
    }
}
