/**
 * The agent's work on calls: the console page and the agent's state on the phone system, dispositions and
 * notes, click-to-call, and writing every ended call into the call log and the customer's history: as heard
 * live, and, for calls calldesk did not hear (stopped, or the AMI link down), as Asterisk's queue_log tells them
 * ({@link org.calldesk.calls.Reconciler}). What PostgreSQL cannot take when it happens (ended calls, callback
 * requests) waits on disk in the {@link org.calldesk.calls.Outbox} until it can.
 */
package org.calldesk.calls;
