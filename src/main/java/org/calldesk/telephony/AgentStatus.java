package org.calldesk.telephony;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    // leave the phone free.

    /** Ringing while in use (7), on hold (8): in a call, whatever else rings. */
    private static final Set<Integer> DEVICE_IN_A_CALL = Set.of(7, 8);
    /**
     * In use (2) and busy (3) cannot tell ringing from talking: a Local member is "in use" as soon as its channel
     * exists (core_local.c), so Asterisk posts 2 in every queue of an agent it has only begun to ring.
     */
    private static final Set<Integer> DEVICE_IN_USE = Set.of(2, 3);
    private static final int DEVICE_RINGING = 6;
    /** Invalid (4), unavailable (5): cannot take a call. */
    private static final Set<Integer> DEVICE_UNREACHABLE = Set.of(4, 5);

    /**
     * @param memberships the interface's memberships, one per queue (none: logged out)
     * @param onCall      a live call is connected to this interface (answered: AgentConnect, or Dial's ANSWER)
     * @param ringing     a live call rings this interface and has not connected, from a queue or dialled directly
     * @param wrapping    the interface's last answered call ended less than the queue's wrap-up time ago
     */
    public static AgentStatus of(String iface, Collection<QueueMemberState> memberships, boolean onCall,
                                 boolean ringing, boolean wrapping) {
        boolean paused = memberships.stream().anyMatch(QueueMemberState::paused);
        String reason = !paused ? null : memberships.stream().filter(QueueMemberState::paused)
            .map(QueueMemberState::pausedReason).filter(r -> r != null && !r.isEmpty()).findFirst().orElse("");
        Map<String, String> pauses = new HashMap<>();
        memberships.stream().filter(QueueMemberState::paused)
            .forEach(m -> pauses.put(m.queue(), Objects.requireNonNullElse(m.pausedReason(), "")));
        Instant since = memberships.stream().map(QueueMemberState::since).filter(Objects::nonNull)
            .max(Instant::compareTo).orElse(null);
        return new AgentStatus(iface, activity(memberships, onCall, ringing, wrapping), paused, reason,
            memberships.stream().map(QueueMemberState::queue).toList(), Map.copyOf(pauses), since);
    }

    /**
     * The calls decide first, as they know what the device state cannot: a call connected to the phone is on call,
     * a call still ringing it is ringing even while the device says "in use". Only with no live call for the phone
     * does an in-use device mean a call calldesk does not see (dialled from the phone itself, say).
     */
    private static Activity activity(Collection<QueueMemberState> memberships, boolean onCall, boolean ringing,
                                     boolean wrapping) {
        if (memberships.isEmpty()) {
            return Activity.LOGGED_OUT;
        }
        // InCall is app_queue's own "answered a queue call" (set once the member picks up), not a device state.
        if (onCall || memberships.stream().anyMatch(m -> m.inCall() || DEVICE_IN_A_CALL.contains(m.status()))) {
            return Activity.ON_CALL;
        }
        if (ringing || memberships.stream().anyMatch(m -> m.status() == DEVICE_RINGING)) {
            return Activity.RINGING;
        }
        if (memberships.stream().anyMatch(m -> DEVICE_IN_USE.contains(m.status()))) {
            return Activity.ON_CALL;
        }
        if (memberships.stream().anyMatch(QueueMemberState::paused)) {
            return memberships.stream().filter(QueueMemberState::paused)
                .allMatch(m -> WRAP_UP_REASON.equals(m.pausedReason())) ? Activity.WRAP_UP : Activity.PAUSED;
        }
        if (wrapping) {
            return Activity.WRAP_UP;
        }
        if (memberships.stream().allMatch(m -> DEVICE_UNREACHABLE.contains(m.status()))) {
            return Activity.UNAVAILABLE;
        }
        return Activity.AVAILABLE;
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
