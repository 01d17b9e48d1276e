/**
 * The screen pop: the caller's card prepared when routing decides, and delivered to the ringing agent's
 * sessions only on the ring, then connected, withdrawn or ended as the call moves, and filled in when the card comes
 * after the ring. A card neither in memory nor in Redis is rebuilt from routing's decision in PostgreSQL. Follows
 * {@code telephony.CallChanged}.
 */
package org.calldesk.screenpop;
