package org.calldesk.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;

import java.util.List;

/**
 * Hazelcast's configuration, in code: TCP-IP discovery of the configured members only (no multicast, no cloud
 * auto-detection), bound to {@code cluster.host}, phone-home off, Jet off, and a heartbeat timeout of
 * {@code cluster.lease_s}, which is how long a dead node keeps the AMI link's lock; Hazelcast's own metrics off.
 */
final class HazelcastConfig {

    private HazelcastConfig() {
    }

    static Config of(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // calldesk's own shutdown hook stops the node in order and then leaves the cluster.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.leaseS()));
        // A lone first node, or one that joins, does not wait the default 5 s before it looks for the others.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", settings.host());
        config.getJetConfig().setEnabled(false);
        // Hazelcast's own metrics (a few hundred gauges gathered every 5 s for Management Center and JMX) are read by
        // nothing here: calldesk's /metrics is its own. On a busy node each gathering is a burst of CPU that the pops
        // queued behind it wait for.
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
                .setMembers(settings.members().isEmpty() ? List.of(settings.host() + ":" + settings.port()) : settings.members());
        // What vertx-hazelcast's own default-cluster.xml sets for its maps.
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }
}
