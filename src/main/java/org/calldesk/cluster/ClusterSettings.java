package org.calldesk.cluster;

import org.calldesk.platform.ConfigSection;

import java.util.List;

/**
 * The {@code cluster} config section. {@code leaseS}: a node silent this long is dropped from the cluster, and the
 * AMI link it held is taken by another (Hazelcast's heartbeat timeout). {@code quorum}: as configured, 0 for the
 * default; {@link #quorumNeeded()} is the number that counts.
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, int busPort, List<String> members,
                              int leaseS, int quorum) {

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
        long quorum = c.wholeNumber("quorum");
        if (quorum < 0) {
            throw c.bad("quorum", "must be 0 (a majority of cluster.members) or a number of members, got " + quorum);
        }
        if (!members.isEmpty() && quorum > members.size()) {
            throw c.bad("quorum", "is " + quorum + " but cluster.members lists only " + members.size()
                    + ": the AMI link would never be taken");
        }
        return new ClusterSettings(c.bool("enabled"), c.string("name"), c.string("host"), port, busPort, members,
                c.positiveInt("lease_s"), (int) Math.min(quorum, Integer.MAX_VALUE));
    }

    /**
     * How many cluster members a node must see, itself included, to take or keep the AMI link: {@code cluster.quorum}
     * when set, else a majority of {@code cluster.members} when 3 or more are listed, else 1 (a lone node or a pair).
     */
    public int quorumNeeded() {
        return quorum > 0 ? quorum : majority(members.size());
    }

    /** floor(n/2)+1 for 3 members or more; 1 below (a pair cannot tell a partition from its peer's death). */
    static int majority(int members) {
        return members >= 3 ? members / 2 + 1 : 1;
    }
}
