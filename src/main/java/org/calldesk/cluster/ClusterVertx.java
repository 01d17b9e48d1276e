package org.calldesk.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.UUID;

/** A clustered Vert.x on the Hazelcast cluster manager, configured by {@link HazelcastConfig}. */
public final class ClusterVertx {

    private ClusterVertx() {
    }

    /** Builds and joins; the builder carries the node's options and metrics. */
    public static Future<Vertx> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings) {
        options.getEventBusOptions().setHost(settings.host()).setPort(settings.busPort());
        return builder.with(options).withClusterManager(new HazelcastClusterManager(HazelcastConfig.of(settings))).buildClustered();
    }

    /**
     * Runs {@code changed} (on a Hazelcast thread) each time a member joins or leaves this node's view of the cluster;
     * gives what stops it. A Hazelcast membership listener of its own, beside Vert.x's: {@code
     * ClusterManager.nodeListener} holds one listener only, Vert.x's HA manager's, which it would replace.
     */
    static Runnable onMembersChanged(ClusterManager manager, Runnable changed) {
        if (!(manager instanceof HazelcastClusterManager hazelcast) || hazelcast.getHazelcastInstance() == null) {
            return () -> { };
        }
        Cluster cluster = hazelcast.getHazelcastInstance().getCluster();
        UUID id = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed.run();
            }
        });
        return () -> {
            try {
                cluster.removeMembershipListener(id);
            } catch (RuntimeException gone) {
                // Hazelcast already shut down: nothing to remove
            }
        };
    }

    /** The cluster manager of a clustered Vert.x, or null for a lone one. */
    static ClusterManager manager(Vertx vertx) {
        return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    }
}
