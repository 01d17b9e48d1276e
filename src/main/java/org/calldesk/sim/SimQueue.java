package org.calldesk.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One app_queue queue: its members, its waiting callers (best first) and its counters. */
final class SimQueue {
    final SimSettings.QueueSpec spec;
    final Map<String, Member> members = new LinkedHashMap<>();
    final List<Call> callers = new ArrayList<>();
    int completed;
    int abandoned;
    int completedInSl;
    long holdTotalS;
    long talkTotalS;
    long retryTimer = -1;
    long retryAtMs;

    SimQueue(SimSettings.QueueSpec spec) {
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }

    /** Higher priority first, first come first served within a priority; returns the 1-based position. */
    int insert(Call call) {
        int i = 0;
        while (i < callers.size() && callers.get(i).prio >= call.prio) {
            i++;
        }
        callers.add(i, call);
        return i + 1;
    }

    int position(Call call) {
        return callers.indexOf(call) + 1;
    }

    int avgHold() {
        return completed == 0 ? 0 : (int) (holdTotalS / completed);
    }

    int avgTalk() {
        return completed == 0 ? 0 : (int) (talkTotalS / completed);
    }

    String slPerf() {
        return completed == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * completedInSl / completed);
    }

    String slPerf2() {
        int all = completed + abandoned;
        return all == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * completedInSl / all);
    }
}
