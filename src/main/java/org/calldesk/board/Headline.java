package org.calldesk.board;

import io.vertx.core.json.JsonObject;
import org.calldesk.board.BoardSettings.Band;
import org.calldesk.board.BoardSettings.Thresholds;
import org.calldesk.telephony.WaitingCaller;

import java.util.List;

/**
 * The figures a queue's tile shows large, each graded {@code good}, {@code warn} or {@code bad} against
 * {@link BoardSettings.Thresholds} ({@code none} when there is nothing to grade). Time limits are multiples of the
 * queue's service-level threshold. The service level shown is {@link QueueFigures#serviceLevelCountingWaiting}: callers
 * still waiting beyond the threshold count as misses, and their number is shown beside it.
 */
final class Headline {

    static final String GOOD = "good";
    static final String WARN = "warn";
    static final String BAD = "bad";
    static final String NONE = "none";

    private Headline() {
    }

    static JsonObject of(BoardQueue queue, QueueFigures window, List<WaitingCaller> waiting, Thresholds t) {
        QueueFigures figures = window == null ? QueueFigures.NONE : window;
        long slMs = queue.serviceLevelMs();
        long longest = waiting.stream().mapToLong(WaitingCaller::waitMs).max().orElse(0);
        long over = overThreshold(queue, waiting);
        Double serviceLevel = figures.serviceLevelCountingWaiting(over);
        long warnWaitMs = Math.round(t.longestWaitSl().warn() * slMs);
        long badWaitMs = Math.round(t.longestWaitSl().bad() * slMs);
        return new JsonObject()
                .put("waiting", figure(waiting.size(), higherIsWorse(waiting.size(), t.waiting())))
                .put("longestWaitMs", figure(longest, waiting.isEmpty() ? NONE : higherIsWorse(longest, warnWaitMs, badWaitMs))
                        .put("warnMs", warnWaitMs).put("badMs", badWaitMs))
                .put("overThreshold", figure(over, over > 0 ? BAD : GOOD))
                .put("serviceLevel", figure(serviceLevel, serviceLevel == null ? NONE
                        : lowerIsWorse(serviceLevel * 100, t.serviceLevelPct())))
                .put("asaMs", figure(figures.asaMs(), figures.asaMs() == null ? NONE
                        : higherIsWorse(figures.asaMs(), Math.round(t.asaSl().warn() * slMs), Math.round(t.asaSl().bad() * slMs))))
                .put("abandonRate", figure(figures.abandonRate(), figures.abandonRate() == null ? NONE
                        : higherIsWorse(figures.abandonRate() * 100, t.abandonRatePct())));
    }

    /** Callers who have waited longer than the queue's service-level threshold (and so can no longer count within it). */
    static long overThreshold(BoardQueue queue, List<WaitingCaller> waiting) {
        return waiting.stream().filter(w -> w.waitMs() > queue.serviceLevelMs()).count();
    }

    /** A service level's grade (a ratio, 0–1). */
    static String serviceLevelGrade(Double ratio, Thresholds t) {
        return ratio == null ? NONE : lowerIsWorse(ratio * 100, t.serviceLevelPct());
    }

    private static JsonObject figure(Object value, String grade) {
        return new JsonObject().put("value", value).put("grade", grade);
    }

    static String higherIsWorse(double value, Band band) {
        return higherIsWorse(value, band.warn(), band.bad());
    }

    static String higherIsWorse(double value, double warn, double bad) {
        return value >= bad ? BAD : value >= warn ? WARN : GOOD;
    }

    static String lowerIsWorse(double value, Band band) {
        return value < band.bad() ? BAD : value < band.warn() ? WARN : GOOD;
    }
}
