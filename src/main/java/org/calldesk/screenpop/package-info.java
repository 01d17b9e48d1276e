/**
 * The screen pop: the caller's card prepared when routing decides, and delivered to the ringing agent's
 * sessions only on the ring, then connected, withdrawn or ended as the call moves. Follows
 * {@code telephony.CallChanged}.
 */
package org.calldesk.screenpop;
