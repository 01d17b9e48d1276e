package org.calldesk.cluster;

import org.calldesk.platform.ConfigSection;

import java.util.List;

/**
 * The {@code cluster} config section. {@code leaseS}: a node silent this long is dropped from the cluster, and the
 * AMI link it held is taken by another (Hazelcast's heartbeat timeout).
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, int busPort, List<String> members,
                              int leaseS) {

    public static ClusterSettings from(ConfigSection root) {
        ConfigSection c = root.section("cluster");
        List<String> members = c.strings("members");
        for (String member : members) {
            if (!member.matches("[A-Za-z0-9.:\\[\\]-]+(:\\d{1,5})?")) {
                throw c.bad("members", "'" + member + "' is not a host or host:port");
            }
        }
        int port = c.positiveInt("port");
        if (port > 65535) {
            throw c.bad("port", "must be a TCP port (1-65535)");
        }
        int busPort = c.nonNegativeInt("bus_port");
        if (busPort > 65535) {
            throw c.bad("bus_port", "must be a TCP port (0-65535)");
        }
        return new ClusterSettings(c.bool("enabled"), c.string("name"), c.string("host"), port, busPort, members,
                c.positiveInt("lease_s"));
    }
}
