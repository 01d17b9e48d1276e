/**
 * The agent's work on calls: the console page and the agent's state on the phone system, dispositions and
 * notes, click-to-call, and writing every ended call into the call log and the customer's history.
 */
package org.calldesk.calls;
