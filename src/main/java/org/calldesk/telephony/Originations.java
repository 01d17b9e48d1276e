package org.calldesk.telephony;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.asteriskjava.manager.action.OriginateAction;
import org.calldesk.platform.Masked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call as the phone system runs it. One async Originate rings the agent's phone; when the agent answers,
 * that channel runs {@code telephony.originate.context}, whose Dial() rings the customer. Asterisk replies to the
 * action at once ("successfully queued") and tells the agent leg's fate later, in an OriginateResponse carrying
 * the same ActionID; the customer leg's fate is the end of that channel's Dial. The watcher of each attempt hears
 * every stage once, on the bridge's context, and exactly one stage settles it.
 *
 * <p>State is touched on the bridge's context only; {@link #start} may be called from any.
 */
public final class Originations {

    private static final Logger log = LoggerFactory.getLogger(Originations.class);
    /** Bounds what one attempt keeps of its phone's channels while it waits for the OriginateResponse. */
    private static final int EARLY_LIMIT = 32;
    private static final int SHOWN_NAME_MAX = 40;

    public enum Stage {
        /** Asterisk took the Originate: the agent's phone rings. */
        RINGING,
        /** The agent answered; the dialplan is calling the customer. */
        ANSWERED,
        /** The customer answered. Settles the attempt. */
        CONNECTED,
        /** Ended without a conversation; the reason says why. Settles the attempt. */
        FAILED
    }

    /**
     * One stage of one attempt; {@code reason} is in words an agent reads. {@code dialStatus} is the DIALSTATUS of
     * the Dial() to the customer (ANSWER, BUSY, NOANSWER…) when that Dial ended the attempt, else null.
     */
    public record Progress(String id, Stage stage, String reason, String dialStatus) {
        public Progress(String id, Stage stage, String reason) {
            this(id, stage, reason, null);
        }

        public boolean settled() {
            return stage == Stage.CONNECTED || stage == Stage.FAILED;
        }
    }

    /**
     * Whom to ring: the agent's interface, then the customer's number (E.164). {@code customerName} (null when the
     * number is no known customer's) is what the agent's phone shows beside the number.
     */
    public record Dial(String iface, String number, String customerName) {}

    private static final class Attempt {
        final String id;
        final Dial dial;
        final Consumer<Progress> watcher;
        Stage stage;
        String agentUniqueid;
        long timer = -1;
        /**
         * The OriginateResponse's place among the channel's own events varies from run to run: the dialplan may
         * have dialled the customer, even heard the end of that Dial, before it comes. Until then the Dial and
         * Hangup events of this phone's channels are kept here by Uniqueid, the decisive one of each.
         */
        final Map<String, CallEvent> early = new HashMap<>();

        Attempt(String id, Dial dial, Consumer<Progress> watcher) {
            this.id = id;
            this.dial = dial;
            this.watcher = watcher;
        }
    }

    private final Vertx vertx;
    private final AmiBridge bridge;
    private final TelephonyConfig.Originate cfg;
    private final Map<String, Attempt> attempts = new LinkedHashMap<>();

    public Originations(Vertx vertx, AmiBridge bridge, TelephonyConfig.Originate cfg) {
        this.vertx = vertx;
        this.bridge = bridge;
        this.cfg = cfg;
    }

    /**
     * Sends the Originate; the Future gives the attempt's id once Asterisk has taken it, and fails (the watcher
     * then hears nothing) when Asterisk refused it or did not reply.
     */
    public Future<String> start(Dial dial, Consumer<Progress> watcher) {
        String id = "c2c-" + UUID.randomUUID();
        OriginateAction action = action(id, dial);
        // Registered before sending: a quick failure can be read before the action's own reply has been handled.
        return bridge.callOnBridge(() -> register(id, dial, watcher))
            .compose(v -> bridge.sendOk(action).transform(sent -> bridge.callOnBridge(() -> taken(id, sent))));
    }

    /** The bridge's events, on its context. */
    public void accept(CallEvent event) {
        if (attempts.isEmpty()) {
            return;
        }
        switch (event) {
            case CallEvent.OriginateResponse r -> responded(r);
            case CallEvent.DialBegin d -> onPhoneChannel(d.uniqueid(), d.channel(), d);
            case CallEvent.DialEnd d -> onPhoneChannel(d.uniqueid(), d.channel(), d);
            case CallEvent.Hangup h -> onPhoneChannel(h.uniqueid(), h.channel(), h);
            case CallEvent.LinkDown d -> List.copyOf(attempts.values()).forEach(a -> settle(a, Stage.FAILED,
                "the link to the phone system was lost; whether the call went through is unknown"));
            default -> { }
        }
    }

    private String register(String id, Dial dial, Consumer<Progress> watcher) {
        Attempt attempt = new Attempt(id, dial, watcher);
        attempts.put(id, attempt);
        long waitMs = cfg.ringTimeoutMs() + cfg.responseGraceMs();
        attempt.timer = vertx.setTimer(waitMs, t -> {
            attempt.timer = -1;
            if (attempts.get(id) == attempt && attempt.agentUniqueid == null) {
                settle(attempt, Stage.FAILED, "the phone system said nothing about the agent's phone for "
                    + waitMs / 1000 + " s");
            }
        });
        return id;
    }

    private String taken(String id, AsyncResult<?> sent) {
        Attempt attempt = attempts.get(id);
        if (sent.failed()) {
            if (attempt != null) {
                forget(attempt);
            }
            Throwable cause = sent.cause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
        if (attempt != null && attempt.stage == null) {
            log.info("click-to-call {} from {} to {}: queued", id, attempt.dial.iface(), Masked.phone(attempt.dial.number()));
            tell(attempt, Stage.RINGING, "the agent's phone is ringing");
        }
        return id;
    }

    private void responded(CallEvent.OriginateResponse r) {
        Attempt attempt = r.actionId() == null ? null : attempts.get(r.actionId());
        if (attempt == null) {
            // Another AMI client's Originate, or one of ours already given up.
            return;
        }
        if (!r.success()) {
            settle(attempt, Stage.FAILED, agentLegReason(r.reason()));
            return;
        }
        cancelTimer(attempt);
        attempt.agentUniqueid = r.uniqueid();
        CallEvent already = attempt.early.get(r.uniqueid());
        attempt.early.clear();
        tell(attempt, Stage.ANSWERED, "the agent answered; calling the customer");
        if (already != null) {
            customerLeg(attempt, already);
        }
    }

    /** A Dial or Hangup whose source channel may be an attempt's agent leg. */
    private void onPhoneChannel(String uniqueid, String channel, CallEvent event) {
        if (uniqueid == null) {
            return;
        }
        for (Attempt attempt : List.copyOf(attempts.values())) {
            if (attempt.agentUniqueid != null) {
                if (attempt.agentUniqueid.equals(uniqueid)) {
                    customerLeg(attempt, event);
                }
            } else if (attempt.dial.iface().equalsIgnoreCase(CallEvent.interfaceOf(channel))
                && (attempt.early.containsKey(uniqueid) || attempt.early.size() < EARLY_LIMIT)) {
                attempt.early.merge(uniqueid, event, (kept, later) -> kept instanceof CallEvent.DialBegin ? later : kept);
            }
        }
    }

    private void customerLeg(Attempt attempt, CallEvent event) {
        switch (event) {
            case CallEvent.DialEnd d when "ANSWER".equalsIgnoreCase(d.status()) ->
                settle(attempt, Stage.CONNECTED, "the customer answered", "ANSWER");
            // The first unanswered Dial settles it: the shipped context hangs up after one.
            case CallEvent.DialEnd d -> settle(attempt, Stage.FAILED, customerLegReason(d.status()),
                d.status() == null ? null : d.status().toUpperCase(Locale.ROOT));
            case CallEvent.Hangup h -> settle(attempt, Stage.FAILED, "the call ended before the customer answered");
            default -> { }
        }
    }

    private void settle(Attempt attempt, Stage stage, String reason) {
        settle(attempt, stage, reason, null);
    }

    private void settle(Attempt attempt, Stage stage, String reason, String dialStatus) {
        forget(attempt);
        log.info("click-to-call {} from {} to {}: {}, {}", attempt.id, attempt.dial.iface(), Masked.phone(attempt.dial.number()),
            stage.name().toLowerCase(Locale.ROOT), reason);
        tell(attempt, stage, reason, dialStatus);
    }

    private void forget(Attempt attempt) {
        attempts.remove(attempt.id);
        cancelTimer(attempt);
    }

    private void cancelTimer(Attempt attempt) {
        if (attempt.timer >= 0) {
            vertx.cancelTimer(attempt.timer);
            attempt.timer = -1;
        }
    }

    private void tell(Attempt attempt, Stage stage, String reason) {
        tell(attempt, stage, reason, null);
    }

    private void tell(Attempt attempt, Stage stage, String reason, String dialStatus) {
        attempt.stage = stage;
        try {
            attempt.watcher.accept(new Progress(attempt.id, stage, reason, dialStatus));
        } catch (RuntimeException e) {
            log.error("click-to-call {}: its watcher failed on {}", attempt.id, stage, e);
        }
    }

    OriginateAction action(String id, Dial dial) {
        OriginateAction action = new OriginateAction();
        action.setActionId(id);
        action.setChannel(oneLine(dial.iface()));
        action.setContext(cfg.context());
        action.setExten(dial.number());
        action.setPriority(1);
        action.setAsync(true);
        action.setTimeout(cfg.ringTimeoutMs());
        // Asterisk gives the Originate's CallerID to the first leg, the agent's phone, as both caller and connected
        // line (main/pbx.c pbx_outgoing_attempt): it is what that phone shows while it rings, so it names the customer.
        action.setCallerId(shownToAgent(dial));
        action.setVariable("CALLDESK_CUSTOMER_NUMBER", dial.number());
        if (!cfg.callerId().isBlank()) {
            // A channel variable hides the global of the same name, so the shipped context's
            // Set(CALLERID(all)=${CALLDESK_HOTLINE_CID}) gives the customer this caller ID before it dials.
            action.setVariable("CALLDESK_HOTLINE_CID", oneLine(cfg.callerId()));
        }
        return action;
    }

    /** {@code "Name" <number>}; the name loses what would end the quoting or the AMI line. */
    static String shownToAgent(Dial dial) {
        String name = dial.customerName() == null ? "" : dial.customerName().replaceAll("[\"<>\\p{Cntrl}]", " ")
            .replaceAll("\\s+", " ").strip();
        if (name.length() > SHOWN_NAME_MAX) {
            name = name.substring(0, SHOWN_NAME_MAX).strip();
        }
        return name.isEmpty() ? dial.number() : "\"" + name + "\" <" + dial.number() + ">";
    }

    /** Asterisk-Java writes header values as they are: a line break would end the header, or the action. */
    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]", "");
    }

    /** OriginateResponse's Reason: the AST_CONTROL_* frame that ended the dial of the agent's phone (main/pbx.c). */
    static String agentLegReason(int reason) {
        return switch (reason) {
            case 0 -> "the agent's phone could not be called (no such phone, or it is not reachable)";
            case 1 -> "the agent's phone hung up";
            case 3 -> "the agent's phone did not answer";
            case 5 -> "the agent's phone is busy";
            case 8 -> "the agent's phone refused the call or its line is congested";
            default -> "the agent's phone could not be reached (Asterisk reason " + reason + ")";
        };
    }

    /** The DIALSTATUS of the context's Dial() to the customer. */
    static String customerLegReason(String dialStatus) {
        String status = dialStatus == null ? "" : dialStatus.toUpperCase(Locale.ROOT);
        return switch (status) {
            case "BUSY" -> "the customer's line is busy";
            case "NOANSWER" -> "the customer did not answer";
            case "CONGESTION" -> "the customer's network is congested";
            case "CHANUNAVAIL" -> "the customer's number could not be reached";
            case "CANCEL" -> "the agent hung up before the customer answered";
            default -> "the call to the customer ended (" + status + ")";
        };
    }
}
