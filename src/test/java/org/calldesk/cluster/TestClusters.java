package org.calldesk.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;

/** Cluster settings for a node of a test's own cluster on 127.0.0.1. */
final class TestClusters {

    private TestClusters() {
    }

    /** The node on Hazelcast port {@code port} of the cluster {@code name}, its members on {@code members}. */
    static ClusterSettings settings(String name, int port, int... members) {
        JsonArray all = new JsonArray();
        for (int member : members) {
            all.add("127.0.0.1:" + member);
        }
        return ClusterSettings.from(ConfigSection.root(Config.merge(Config.defaults(), new JsonObject()
                .put("cluster", new JsonObject().put("enabled", true).put("name", name).put("port", port)
                        .put("members", all).put("lease_s", 3)))));
    }
}
