/**
 * The phone system as calldesk hears and drives it: the AMI bridge (Asterisk-Java, reconnect, resync), the
 * normalised call events, live calls by Linkedid and queue members, agents' presence in the queues, AMI
 * actions, the FastAGI server with the route script, and Asterisk's queue_log (file or realtime table) read back
 * into ended calls ({@link org.calldesk.telephony.QueueLogCalls}). Knows no routing policy, pop, complaint or board:
 * those subscribe to {@link org.calldesk.telephony.CallChanged} or implement
 * {@link org.calldesk.telephony.RouteService}.
 *
 * <p>Threads: Asterisk-Java's reader thread only converts events ({@link org.calldesk.telephony.CallEvents})
 * and hands them to the {@link org.calldesk.telephony.AmiBridge} verticle's context, where
 * {@link org.calldesk.telephony.LiveCalls} applies them and then publishes each change to its subscribers.
 * Other threads read live state through {@link org.calldesk.telephony.LiveView}, whose answers come back on
 * the asker's context. AMI actions and logins run on the {@code ami} worker pool; FastAGI scripts on
 * Asterisk-Java's own pool.
 */
package org.calldesk.telephony;
