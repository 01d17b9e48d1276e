package org.calldesk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.screenpop.Cards;
import org.calldesk.screenpop.PopCard;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caller cards between two clustered Vert.x in this JVM, each with its own {@link Cards} on the shared test Redis: a
 * card prepared on one node is in the other's memory (so the holder's pop is a lookup, whichever node FastAGI routed
 * on), told to its listeners there when that node pops (a late card updates a pop), not sent back, and not kept once
 * its call has ended on the receiving node.
 */
@ServerTest
class SharedCardsTest {

    private static PopCard card(String caller, String reason) {
        return PopCard.of(caller, null, null, List.of(), new PopCard.Route("service", 10, reason));
    }

    @Test
    @DisplayName("a card prepared on one node is kept on the other, told to its listeners there if it pops, and not kept after its call ended there")
    void cardsReachTheOtherNode() throws Exception {
        String name = "cards-" + UUID.randomUUID();
        int p1 = EmbeddedServices.freePort();
        int p2 = EmbeddedServices.freePort();
        List<Vertx> started = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try {
            Vertx one = ClusterVertx.start(Vertx.builder(), new VertxOptions(), TestClusters.settings(name, p1, p1, p2)).await(60, TimeUnit.SECONDS);
            started.add(one);
            Vertx two = ClusterVertx.start(Vertx.builder(), new VertxOptions(), TestClusters.settings(name, p2, p1, p2)).await(60, TimeUnit.SECONDS);
            started.add(two);
            Cards cardsOne = new Cards(TestServer.get().server.redis(), Cards.Decisions.NONE);
            Cards cardsTwo = new Cards(TestServer.get().server.redis(), Cards.Decisions.NONE);
            List<String> toldOne = new CopyOnWriteArrayList<>();
            List<String> toldTwo = new CopyOnWriteArrayList<>();
            cardsOne.onPrepared((uniqueid, card) -> toldOne.add(uniqueid));
            cardsTwo.onPrepared((uniqueid, card) -> toldTwo.add(uniqueid));
            // Node two pops (holds the AMI link), node one does not.
            SharedCards sharedOne = SharedCards.start(one, cardsOne, () -> false).await(10, TimeUnit.SECONDS);
            SharedCards sharedTwo = SharedCards.start(two, cardsTwo, () -> true).await(10, TimeUnit.SECONDS);

            String first = run + ".1";
            PopCard gold = card("+8613800138000", "gold tier 20 = 20");
            cardsOne.prepare(first, gold);
            Await.until("the card on node two", Duration.ofSeconds(10), () -> cardsTwo.cached(first).isPresent());
            assertEquals(gold.toJson(), cardsTwo.cached(first).orElseThrow().toJson());
            assertEquals(List.of(first), toldTwo, "node two's listeners hear of the card it was handed");

            // The call ended on node two before its card came: not kept. The next card, sent after it on the same
            // link, tells when it would have come.
            String ended = run + ".2";
            String next = run + ".3";
            cardsTwo.forgetHere(ended);
            cardsOne.prepare(ended, card("+8613800138001", "bronze"));
            cardsOne.prepare(next, card("+8613800138002", "silver"));
            Await.until("the next card on node two", Duration.ofSeconds(10), () -> cardsTwo.cached(next).isPresent());
            assertTrue(cardsTwo.cached(ended).isEmpty(), "a card of a call already ended here is not kept");
            assertEquals(List.of(first, next), toldTwo);

            // The other way round, to a node that does not pop: kept, read when asked for, its listeners not told. Node
            // one does not get back what it sent, nor node two its own.
            String back = run + ".4";
            PopCard platinum = card("+8613800138003", "platinum");
            cardsTwo.prepare(back, platinum);
            Await.until("node two's card on node one", Duration.ofSeconds(10), () -> cardsOne.cached(back).isPresent());
            assertEquals(platinum.toJson(), cardsOne.cached(back).orElseThrow().toJson());
            assertEquals(List.of(first, ended, next), toldOne, "its own three cards; the one handed over is not told here");
            assertEquals(List.of(first, next, back), toldTwo, "node two's own card told once");

            // Memory follows the calls: forgotten here, gone from this node only.
            cardsTwo.forgetHere(first);
            assertTrue(cardsTwo.cached(first).isEmpty());
            assertTrue(cardsOne.cached(first).isPresent());
            sharedTwo.stop().await(10, TimeUnit.SECONDS);
            sharedOne.stop().await(10, TimeUnit.SECONDS);
            for (String id : List.of(first, ended, next, back)) {
                cardsOne.forget(id).await(10, TimeUnit.SECONDS);
            }
        } finally {
            for (Vertx vertx : started.reversed()) {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }
}
