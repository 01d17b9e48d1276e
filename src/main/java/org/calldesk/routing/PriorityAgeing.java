package org.calldesk.routing;

import org.calldesk.telephony.AmiActions;
import org.calldesk.telephony.ChangePriorityCallerAction;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.WaitingCaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Raises the queue priority of callers as they wait, so a stream of valuable callers never starves the
 * rest. Each raise is an AMI QueueChangePriorityCaller with Immediate, which is what actually moves a
 * waiting caller; without it Asterisk keeps the caller where they were.
 */
public final class PriorityAgeing {

    private static final Logger log = LoggerFactory.getLogger(PriorityAgeing.class);

    private final RoutingPolicy policy;
    private final LiveCalls live;
    private final AmiActions ami;
    /** The priority last set for each waiting call, by Linkedid. */
    private final Map<String, Integer> applied = new HashMap<>();

    public PriorityAgeing(RoutingPolicy policy, LiveCalls live, AmiActions ami) {
        this.policy = policy;
        this.live = live;
        this.ami = ami;
    }

    /** One pass over the waiting callers; call it on the bridge's context, about once a second. */
    public int tick(Instant now) {
        int raised = 0;
        List<WaitingCaller> waiting = live.waitingByQueue().values().stream().flatMap(List::stream).toList();
        Set<String> stillWaiting = waiting.stream().map(WaitingCaller::linkedid).collect(Collectors.toSet());
        applied.keySet().retainAll(stillWaiting);
        for (WaitingCaller caller : waiting) {
            LiveCall call = live.call(caller.linkedid()).orElse(null);
            if (call == null || caller.joinedAt() == null || call.callerChannel() == null) {
                continue;
            }
            int base = call.route() != null ? call.route().priority() : caller.priority();
            int current = applied.getOrDefault(caller.linkedid(), Math.max(base, caller.priority()));
            int target = policy.agedPriority(base, Duration.between(caller.joinedAt(), now));
            if (target > current) {
                applied.put(caller.linkedid(), target);
                raised++;
                ami.sendOk(new ChangePriorityCallerAction(caller.queue(), call.callerChannel(), target, true))
                        .onSuccess(r -> log.info("call {} waited {} s in {}: priority {} -> {}", caller.linkedid(),
                                Duration.between(caller.joinedAt(), now).toSeconds(), caller.queue(), current, target))
                        .onFailure(e -> {
                            log.warn("could not raise priority of call {}: {}", caller.linkedid(), e.getMessage());
                            applied.put(caller.linkedid(), current);
                        });
            }
        }
        return raised;
    }
}
