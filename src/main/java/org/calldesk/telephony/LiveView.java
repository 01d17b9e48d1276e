package org.calldesk.telephony;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshots of {@link LiveCalls} for any thread: each is taken on the bridge's context, where the live state
 * lives, and handed back on the asker's context.
 */
public final class LiveView {

    private final AmiBridge bridge;
    private final LiveCalls live;

    public LiveView(AmiBridge bridge, LiveCalls live) {
        this.bridge = bridge;
        this.live = live;
    }

    /** Whether the AMI link is up, so that what this view shows is current. */
    public boolean linkUp() {
        return bridge.isUp();
    }

    /** Waiting callers by queue, best priority first. */
    public Future<Map<String, List<WaitingCaller>>> waiting() {
        return bridge.callOnBridge(live::waitingByQueue);
    }

    /** Queue members and their state. */
    public Future<List<QueueMemberState>> members() {
        return bridge.callOnBridge(live::members);
    }

    /** Calls in progress. */
    public Future<List<LiveCall>> calls() {
        return bridge.callOnBridge(live::calls);
    }

    /** One call in progress, if it is. */
    public Future<Optional<LiveCall>> call(String linkedid) {
        return bridge.callOnBridge(() -> live.call(linkedid));
    }

    /** Everything a board shows of the switch, taken at one instant. */
    public Future<Snapshot> snapshot() {
        return bridge.callOnBridge(() -> new Snapshot(live.waitingByQueue(), live.calls(), live.members()));
    }

    /** Waiting callers, calls and members as they stood at one instant. */
    public record Snapshot(Map<String, List<WaitingCaller>> waiting, List<LiveCall> calls,
                           List<QueueMemberState> members) {}
}
