package org.calldesk.telephony;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one agent's phone is doing, over all the queues it is a member of: the one definition that routing, the
 * console, the wallboard and the API share, so none of them can disagree about the same agent.
 *
 * @param pauseReason the reason of a pause ("" when paused without one), null when not paused
 * @param pauses      the reason given in each queue the agent is paused in ("" for none)
 * @param since       when the newest of the memberships last changed, null when logged out
 */
public record AgentStatus(String iface, Activity activity, boolean paused, String pauseReason, List<String> queues,
                          Map<String, String> pauses, Instant since) {

    /** Declared in order of precedence: an agent is shown by the most engaged thing they are doing. */
    public enum Activity {
        ON_CALL("on call"), RINGING("ringing"), PAUSED("paused"), WRAP_UP("wrap-up"), UNAVAILABLE("unavailable"),
        AVAILABLE("available"), LOGGED_OUT("logged out");

        private final String label;

        Activity(String label) {
            this.label = label;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String label() {
            return label;
        }
    }

    /**
     * The pause reason calldesk gives the queues while an agent does after-call work: a paused agent whose every pause
     * carries it is in wrap-up, not on a break, on the console, the state API and the board alike.
     */
    public static final String WRAP_UP_REASON = "wrap-up";

    // Asterisk's device states (enum ast_device_state, 0-8) as a member's Status. Unknown (0) and not in use (1)
    // leave the phone free. Ringing while in use (7) and on hold (8) are in a call, whatever else rings. In use (2)
    // and busy (3) cannot tell ringing from talking: a Local member is "in use" as soon as its channel exists
    // (core_local.c), so Asterisk posts 2 in every queue of an agent it has only begun to ring. Invalid (4) and
    // unavailable (5) cannot take a call.
    private static final int DEVICE_IN_USE = 2;
    private static final int DEVICE_BUSY = 3;
    private static final int DEVICE_INVALID = 4;
    private static final int DEVICE_UNAVAILABLE = 5;
    private static final int DEVICE_RINGING = 6;
    private static final int DEVICE_RING_IN_USE = 7;
    private static final int DEVICE_ON_HOLD = 8;

    /**
     * @param memberships the interface's memberships, one per queue (none: logged out)
     * @param onCall      a live call is connected to this interface (answered: AgentConnect, or Dial's ANSWER)
     * @param ringing     a live call rings this interface and has not connected, from a queue or dialled directly
     * @param wrapping    the interface's last answered call ended less than the queue's wrap-up time ago
     */
    public static AgentStatus of(String iface, Collection<QueueMemberState> memberships, boolean onCall,
                                 boolean ringing, boolean wrapping) {
        // One pass over the memberships: this runs for every member event of every agent, on the event loop.
        List<String> queues = new ArrayList<>(memberships.size());
        Map<String, String> pauses = Map.of();
        String reason = null;
        Instant since = null;
        boolean inACall = false;
        boolean deviceRinging = false;
        boolean inUse = false;
        boolean allPausesWrapUp = true;
        boolean allUnreachable = true;
        for (QueueMemberState m : memberships) {
            queues.add(m.queue());
            if (m.paused()) {
                String given = Objects.requireNonNullElse(m.pausedReason(), "");
                if (pauses.isEmpty()) {
                    pauses = new HashMap<>();
                }
                pauses.put(m.queue(), given);
                if (reason == null || reason.isEmpty()) {
                    reason = given;
                }
                allPausesWrapUp &= WRAP_UP_REASON.equals(given);
            }
            if (m.since() != null && (since == null || m.since().isAfter(since))) {
                since = m.since();
            }
            int device = m.status();
            inACall |= m.inCall() || device == DEVICE_RING_IN_USE || device == DEVICE_ON_HOLD;
            deviceRinging |= device == DEVICE_RINGING;
            inUse |= device == DEVICE_IN_USE || device == DEVICE_BUSY;
            allUnreachable &= device == DEVICE_INVALID || device == DEVICE_UNAVAILABLE;
        }
        boolean paused = reason != null;
        Activity activity;
        // The calls decide first, as they know what the device state cannot: a call connected to the phone is on
        // call, a call still ringing it is ringing even while the device says "in use". Only with no live call for
        // the phone does an in-use device mean a call calldesk does not see (dialled from the phone itself, say).
        // InCall is app_queue's own "answered a queue call" (set once the member picks up), not a device state.
        if (memberships.isEmpty()) {
            activity = Activity.LOGGED_OUT;
        } else if (onCall || inACall) {
            activity = Activity.ON_CALL;
        } else if (ringing || deviceRinging) {
            activity = Activity.RINGING;
        } else if (inUse) {
            activity = Activity.ON_CALL;
        } else if (paused) {
            activity = allPausesWrapUp ? Activity.WRAP_UP : Activity.PAUSED;
        } else if (wrapping) {
            activity = Activity.WRAP_UP;
        } else if (allUnreachable) {
            activity = Activity.UNAVAILABLE;
        } else {
            activity = Activity.AVAILABLE;
        }
        return new AgentStatus(iface, activity, paused, reason, List.copyOf(queues), Map.copyOf(pauses), since);
    }

    public static AgentStatus loggedOut(String iface) {
        return new AgentStatus(iface, Activity.LOGGED_OUT, false, null, List.of(), Map.of(), null);
    }

    /** A member of each of these queues and paused in none of them. */
    public boolean availableIn(Collection<String> wanted) {
        return queues.containsAll(wanted) && wanted.stream().noneMatch(pauses::containsKey);
    }

    /** A member of each of these queues and paused in all of them for this reason (null or "": none given). */
    public boolean pausedIn(Collection<String> wanted, String reason) {
        String expected = reason == null ? "" : reason;
        return wanted.stream().allMatch(q -> expected.equals(pauses.get(q)));
    }

    /** A member of none of these queues. */
    public boolean outOf(Collection<String> wanted) {
        return wanted.stream().noneMatch(queues::contains);
    }

    public boolean loggedIn() {
        return activity != Activity.LOGGED_OUT;
    }

    /** On a call or ringing: the phone is taken. */
    public boolean busy() {
        return activity == Activity.ON_CALL || activity == Activity.RINGING;
    }

    public boolean ringing() {
        return activity == Activity.RINGING;
    }

    /** Paused by calldesk for after-call work (see {@link #WRAP_UP_REASON}). */
    public boolean wrappingUp() {
        return activity == Activity.WRAP_UP && paused;
    }

    /** Can take a call now: logged in, not paused, not engaged, the device reachable. */
    public boolean free() {
        return activity == Activity.AVAILABLE;
    }
}
