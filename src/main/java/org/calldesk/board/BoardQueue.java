package org.calldesk.board;

import org.calldesk.platform.ConfigSection;

import java.util.List;

/** A queue as the board needs it, from {@code telephony.queues[]}: its name and the seconds that matter. */
public record BoardQueue(String name, int serviceLevelS, int wrapupS) {

    /** The configured queues in configuration order; every one gets a tile, even with no traffic. */
    public static List<BoardQueue> from(ConfigSection root) {
        // The simulator takes fractions of a second (tests, benchmarks); the board counts whole ones.
        return root.section("telephony").entries("queues").stream()
            .map(queue -> new BoardQueue(queue.string("name"), queue.nonNegativeInt("service_level_s"),
                (int) queue.nonNegativeDouble("wrapup_s")))
            .toList();
    }

    public long serviceLevelMs() {
        return serviceLevelS * 1000L;
    }
}
