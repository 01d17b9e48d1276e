/**
 * calldesk as several nodes of one Vert.x cluster (Hazelcast cluster manager, TCP discovery only): the clustered
 * Vert.x itself ({@link org.calldesk.cluster.ClusterVertx}), and the one node that holds the AMI link under the
 * cluster-wide lock ({@link org.calldesk.cluster.AmiLeadership}), which streams its call and queue events to the
 * others, answers their AMI actions and their late-join snapshots, and alone does the exactly-once work of the
 * phone side. Knows no pop, call store or board: the composition root decides what runs only on the holder.
 */
package org.calldesk.cluster;
