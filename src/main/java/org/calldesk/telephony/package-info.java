/**
 * The telephony bridge: Asterisk's AMI events in, FastAGI routing answers out.
 *
 * <p>Threads: Asterisk-Java's reader thread only converts events ({@link org.calldesk.telephony.CallEvents})
 * and hands them to the {@link org.calldesk.telephony.AmiBridge} verticle's context, where
 * {@link org.calldesk.telephony.LiveCalls} and every {@code onEvent}, {@code onCallChange},
 * {@code onCallEnded} and {@code onMemberChange} listener run. Other threads read live state through
 * {@link org.calldesk.telephony.AmiBridge#callOnBridge} (or {@link org.calldesk.telephony.Telephony#waiting}).
 * AMI actions and logins run on the {@code ami} worker pool; FastAGI scripts on Asterisk-Java's own pool.
 *
 * <p>Start everything with {@link org.calldesk.telephony.Telephony#start}.
 */
package org.calldesk.telephony;
