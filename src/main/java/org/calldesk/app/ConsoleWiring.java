package org.calldesk.app;

import io.vertx.core.Vertx;
import org.calldesk.board.BoardQueue;
import org.calldesk.calls.WrapUp;
import org.calldesk.screenpop.PopRoutes;
import org.calldesk.screenpop.ScreenPop;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.web.WebVerticle;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent console's parts beyond its routes: wrap-up after each answered call, for the wrap-up time of the queue
 * the call came from (telephony.queues[].wrapup_s, which QueuesConfTest keeps equal to queues.conf's wrapuptime), and
 * the call on each agent's screen, read again when a console reloads.
 */
final class ConsoleWiring {

    private final WrapUp wrapUp;
    private final ScreenPop pop;

    ConsoleWiring(Vertx vertx, AgentDirectory agents, AgentPresence presence, LiveCalls live, List<BoardQueue> queues,
                  ScreenPop pop) {
        Map<String, Integer> seconds = queues.stream().collect(Collectors.toMap(BoardQueue::name, BoardQueue::wrapupS));
        this.wrapUp = new WrapUp(vertx, agents, presence, seconds);
        this.pop = pop;
        live.subscribe(wrapUp::changed);
    }

    WrapUp wrapUp() {
        return wrapUp;
    }

    WebVerticle.Routes routes() {
        return new PopRoutes(pop);
    }
}
