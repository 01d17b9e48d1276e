package org.calldesk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** A clustered Vert.x on the Hazelcast cluster manager, configured by {@link HazelcastConfig}. */
public final class ClusterVertx {

    private ClusterVertx() {
    }

    /** Builds and joins; the builder carries the node's options and metrics. */
    public static Future<Vertx> start(VertxBuilder builder, VertxOptions options, ClusterSettings settings) {
        options.getEventBusOptions().setHost(settings.host()).setPort(settings.busPort());
        return builder.with(options).withClusterManager(new HazelcastClusterManager(HazelcastConfig.of(settings))).buildClustered();
    }

    /** The cluster manager of a clustered Vert.x, or null for a lone one. */
    static ClusterManager manager(Vertx vertx) {
        return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    }
}
