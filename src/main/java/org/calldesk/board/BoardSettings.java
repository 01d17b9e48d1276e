package org.calldesk.board;

import org.calldesk.platform.ConfigSection;

import java.time.Duration;

/**
 * The {@code board} config section: when a board's data counts as stale, and the thresholds that colour the queue
 * board's headline figures. Times are multiples of each queue's own {@code service_level_s}, so a queue's colours
 * follow its service-level target unless the multiples are changed.
 */
public record BoardSettings(Duration stale, Thresholds thresholds) {

    /**
     * Where a figure turns amber ({@code warn}) and red ({@code bad}). For the service level lower is worse
     * (percent); for the others higher is worse.
     */
    public record Thresholds(Band serviceLevelPct, Band longestWaitSl, Band asaSl, Band abandonRatePct, Band waiting) {
    }

    /** One figure's two limits. */
    public record Band(double warn, double bad) {
    }

    public static BoardSettings from(ConfigSection root) {
        ConfigSection board = root.section("board");
        ConfigSection t = board.section("thresholds");
        Thresholds thresholds = new Thresholds(
                lowerIsWorse(t, "service_level_pct"),
                higherIsWorse(t, "longest_wait_sl"),
                higherIsWorse(t, "asa_sl"),
                higherIsWorse(t, "abandon_rate_pct"),
                higherIsWorse(t, "waiting"));
        return new BoardSettings(Duration.ofSeconds(board.positiveInt("stale_s")), thresholds);
    }

    private static Band higherIsWorse(ConfigSection thresholds, String key) {
        ConfigSection band = thresholds.section(key);
        Band read = new Band(band.nonNegativeDouble("warn"), band.nonNegativeDouble("bad"));
        if (read.warn() > read.bad()) {
            throw band.bad("warn", "must not be above bad (" + read.bad() + "), got " + read.warn());
        }
        return read;
    }

    private static Band lowerIsWorse(ConfigSection thresholds, String key) {
        ConfigSection band = thresholds.section(key);
        Band read = new Band(band.nonNegativeDouble("warn"), band.nonNegativeDouble("bad"));
        if (read.warn() < read.bad() || read.warn() > 100) {
            throw band.bad("warn", "must be at most 100 and not below bad (" + read.bad() + "), got " + read.warn());
        }
        return read;
    }
}
