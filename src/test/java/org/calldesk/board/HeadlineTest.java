package org.calldesk.board;

import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;
import org.calldesk.telephony.WaitingCaller;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue tile's headline figures and their colours, against the shipped thresholds. */
class HeadlineTest {

    private static final BoardSettings SETTINGS = BoardSettings.from(ConfigSection.root(Config.defaults()));
    private static final BoardQueue SERVICE = new BoardQueue("service", 20, 10);

    private static WaitingCaller waited(long ms) {
        return new WaitingCaller("l-" + ms, "service", "+8613800000000", "gold", 20, 1, Instant.now().minusMillis(ms), ms, false);
    }

    private static JsonObject headline(QueueFigures window, List<WaitingCaller> waiting) {
        return Headline.of(SERVICE, window, waiting, SETTINGS.thresholds());
    }

    @Test
    @DisplayName("the issue's shift: every answered call within 20 s, a third abandoned and callers waiting 1:41 is not a green 100 %")
    void backlogIsNotGreen() {
        // 4 answered, all within the target; 2 abandoned; 3 still waiting, two of them far beyond 20 s
        QueueFigures window = new QueueFigures(6, 4, 2, 4, 8_000L);
        assertEquals(1.0, window.serviceLevel(), "the old headline: answered within ÷ answered");
        JsonObject h = headline(window, List.of(waited(101_000), waited(64_000), waited(5_000)));

        assertEquals(2, h.getJsonObject("overThreshold").getLong("value"));
        assertEquals("bad", h.getJsonObject("overThreshold").getString("grade"));
        assertEquals(4.0 / (4 + 2 + 2), h.getJsonObject("serviceLevel").getDouble("value"), 1e-9);
        assertEquals("bad", h.getJsonObject("serviceLevel").getString("grade"), "50 % is below the 60 % red line");
        assertEquals(101_000, h.getJsonObject("longestWaitMs").getLong("value"));
        assertEquals("bad", h.getJsonObject("longestWaitMs").getString("grade"), "1:41 against a 20 s target");
        assertEquals(2.0 / 6, h.getJsonObject("abandonRate").getDouble("value"), 1e-9);
        assertEquals("bad", h.getJsonObject("abandonRate").getString("grade"), "a third abandoned, red from 10 %");
        assertEquals("warn", h.getJsonObject("waiting").getString("grade"), "3 waiting: amber from 3, red from 6");
        assertEquals("good", h.getJsonObject("asaMs").getString("grade"), "8 s is below half the 20 s target");
    }

    @Test
    @DisplayName("no answered call yet but callers already past the target: the service level is 0 %, not blank")
    void onlyWaitingBeyondTheTarget() {
        JsonObject h = headline(QueueFigures.NONE, List.of(waited(25_000), waited(21_000)));
        assertEquals(0.0, h.getJsonObject("serviceLevel").getDouble("value"));
        assertEquals("bad", h.getJsonObject("serviceLevel").getString("grade"));
        JsonObject quiet = headline(QueueFigures.NONE, List.of(waited(3_000)));
        assertNull(quiet.getJsonObject("serviceLevel").getValue("value"), "nothing to count yet: no figure");
        assertEquals("none", quiet.getJsonObject("serviceLevel").getString("grade"));
        assertEquals("good", quiet.getJsonObject("longestWaitMs").getString("grade"));
        assertEquals("none", headline(null, List.of()).getJsonObject("longestWaitMs").getString("grade"));
    }

    @Test
    @DisplayName("each figure turns amber and red at the configured limits; times are multiples of the queue's service level")
    void limits() {
        // longest wait: amber from 0.5 × 20 s, red from 1 × 20 s
        assertEquals("good", headline(null, List.of(waited(9_999))).getJsonObject("longestWaitMs").getString("grade"));
        assertEquals("warn", headline(null, List.of(waited(10_000))).getJsonObject("longestWaitMs").getString("grade"));
        assertEquals("bad", headline(null, List.of(waited(20_000))).getJsonObject("longestWaitMs").getString("grade"));
        JsonObject longest = headline(null, List.of(waited(1))).getJsonObject("longestWaitMs");
        assertEquals(10_000, longest.getLong("warnMs"));
        assertEquals(20_000, longest.getLong("badMs"));
        // a queue with a 10 s target turns red at 10 s
        JsonObject vip = Headline.of(new BoardQueue("vip", 10, 10), null, List.of(waited(10_000)), SETTINGS.thresholds());
        assertEquals("bad", vip.getJsonObject("longestWaitMs").getString("grade"));
        // service level: green from 80 %, amber from 60 %, red below
        assertEquals("good", grade(new QueueFigures(10, 10, 0, 8, 1_000L), "serviceLevel"));
        assertEquals("warn", grade(new QueueFigures(10, 10, 0, 7, 1_000L), "serviceLevel"));
        assertEquals("bad", grade(new QueueFigures(10, 10, 0, 5, 1_000L), "serviceLevel"));
        // ASA: amber from 10 s, red from 20 s
        assertEquals("warn", grade(new QueueFigures(1, 1, 0, 1, 10_000L), "asaMs"));
        assertEquals("bad", grade(new QueueFigures(1, 1, 0, 0, 20_000L), "asaMs"));
        // abandon rate: amber from 5 %, red from 10 %
        assertEquals("good", grade(new QueueFigures(100, 96, 4, 96, 1_000L), "abandonRate"));
        assertEquals("warn", grade(new QueueFigures(100, 95, 5, 95, 1_000L), "abandonRate"));
        assertEquals("bad", grade(new QueueFigures(100, 90, 10, 90, 1_000L), "abandonRate"));
        // waiting: red from 6
        assertEquals("bad", headline(null, List.of(waited(1), waited(2), waited(3), waited(4), waited(5), waited(6)))
                .getJsonObject("waiting").getString("grade"));
        assertEquals("good", headline(null, List.of()).getJsonObject("waiting").getString("grade"));
    }

    @Test
    @DisplayName("thresholds the wrong way round are refused at start-up with the key's name")
    void badThresholds() {
        JsonObject config = Config.defaults();
        config.getJsonObject("board").getJsonObject("thresholds").getJsonObject("abandon_rate_pct").put("warn", 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoardSettings.from(ConfigSection.root(config)));
        assertTrue(e.getMessage().contains("board.thresholds.abandon_rate_pct.warn"), e.getMessage());
    }

    private static String grade(QueueFigures window, String figure) {
        return headline(window, List.of()).getJsonObject(figure).getString("grade");
    }
}
