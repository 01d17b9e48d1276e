package org.calldesk.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.calldesk.screenpop.Cards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The caller cards a node prepares, handed to every other node as they are prepared. FastAGI may route a call on any
 * node while the AMI link's holder pops it: without this, the holder would read the card from Redis on the pop's
 * path (a worker thread and a round trip on every ring); with it, the card is in its memory by the time the caller
 * joins the queue, as on a single node. A node that takes the link over has the cards of the calls waiting, too.
 * Redis stays the fallback for a card that did not come (a node that joined while the caller waited).
 */
public final class SharedCards {

    private static final Logger log = LoggerFactory.getLogger(SharedCards.class);

    static final String ADDRESS = "calldesk.cluster.cards";

    private final MessageConsumer<JsonObject> consumer;

    private SharedCards(MessageConsumer<JsonObject> consumer) {
        this.consumer = consumer;
    }

    /**
     * Shares the cards this node prepares from now on and keeps those the others share. Call it on an event-loop
     * context: the cards are encoded there, not on the FastAGI thread that prepared them.
     *
     * @param popsHere whether this node pops now (holds the AMI link): the others keep a card unread until they do
     */
    public static Future<SharedCards> start(Vertx vertx, Cards cards, BooleanSupplier popsHere) {
        String node = ClusterVertx.manager(vertx).getNodeId();
        Context context = vertx.getOrCreateContext();
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            JsonObject body = msg.body();
            if (node.equals(body.getString("node"))) {
                return;
            }
            try {
                cards.received(body.getString("uniqueid"), body.getJsonObject("card"), popsHere.getAsBoolean());
            } catch (RuntimeException e) {
                log.warn("a card shared by node {} not kept: {}", body.getString("node"), e.toString());
            }
        });
        cards.shareWith((uniqueid, card) -> context.runOnContext(v -> vertx.eventBus().publish(ADDRESS,
                new JsonObject().put("node", node).put("uniqueid", uniqueid).put("card", card.toJson()))));
        return consumer.completion().map(v -> new SharedCards(consumer));
    }

    public Future<Void> stop() {
        return consumer.unregister();
    }
}
