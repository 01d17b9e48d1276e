/**
 * calldesk as several nodes of one Vert.x cluster (Hazelcast cluster manager, TCP discovery only): the clustered
 * Vert.x itself ({@link org.calldesk.cluster.ClusterVertx}), and the one node that holds the AMI link under the
 * cluster-wide lock ({@link org.calldesk.cluster.AmiLeadership}), which streams its call and queue events to the
 * others, answers their AMI actions and their late-join snapshots, shares parts of its state with them
 * ({@link org.calldesk.cluster.AmiLeadership.Shared}: published changes, in the snapshot, requests to the holder), and
 * alone does the exactly-once work of the phone side. Knows no pop, call store or board: the composition root
 * decides what runs only on the holder.
 */
package org.calldesk.cluster;
