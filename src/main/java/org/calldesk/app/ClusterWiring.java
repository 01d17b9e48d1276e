package org.calldesk.app;

import io.vertx.core.Vertx;
import org.calldesk.cluster.AmiLeadership;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.LiveCalls;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The cluster's part of the composition root: with {@code cluster.enabled}, the bridge waits for the AMI link's lock
 * and the work that must happen once per call (pops, storing calls, route recovery, the queue_log, priority ageing,
 * state and board notices) runs on the node holding the link only; without it, nothing changes.
 */
final class ClusterWiring {

    private ClusterWiring() {
    }

    /** Why this configuration cannot run as a cluster node, or null. */
    static String refusal(Settings settings) {
        if (!settings.cluster().enabled()) {
            return null;
        }
        if (settings.telephony().simulator()) {
            return "cluster.enabled needs telephony.mode asterisk: every node would start a switch simulator of its own "
                    + "(run the simulator alone and point telephony.ami at it)";
        }
        if (settings.database().embedded() || settings.redis().embedded()) {
            return "cluster.enabled needs a shared PostgreSQL and Redis (database.url and redis.url), not each node's embedded ones";
        }
        return null;
    }

    /** The leadership of a cluster node (its bridge standing by for the lock), or null outside a cluster. */
    static AmiLeadership leadership(Vertx vertx, Settings settings, AmiBridge bridge, LiveCalls live) {
        if (!settings.cluster().enabled()) {
            return null;
        }
        return new AmiLeadership(vertx, bridge, live, settings.http().host() + ":" + settings.http().port(),
                settings.telephony().actionTimeoutMs(), settings.cluster().quorumNeeded());
    }

    /** The subscriber, called only while this node holds the AMI link (always, outside a cluster). */
    static <T> Consumer<T> onHolder(AmiBridge bridge, Consumer<T> subscriber) {
        return value -> {
            if (bridge.holdsLink()) {
                subscriber.accept(value);
            }
        };
    }

    static Runnable onHolder(BooleanSupplier holding, Runnable work) {
        return () -> {
            if (holding.getAsBoolean()) {
                work.run();
            }
        };
    }
}
