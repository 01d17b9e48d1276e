package org.calldesk.routing;

import java.time.Instant;

/**
 * A caller's wish to be called back, as the hotline menu took it. Deciding its priority and storing it may wait for
 * PostgreSQL; the request keeps the time it was made.
 *
 * @param callerNumber the number as Asterisk gave it (made E.164 when stored)
 * @param linkedid     the call it was made in, or null when Asterisk did not say
 */
public record CallbackRequest(String callerNumber, String linkedid, Instant requestedAt) {}
