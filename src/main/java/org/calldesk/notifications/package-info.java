/**
 * Notifications that are not missed: a persistent list per person and per role (PostgreSQL table
 * {@code notifications}), pushed live over the WebSocket channel, acknowledged by their recipient or a supervisor (who
 * and when kept). {@link org.calldesk.notifications.Notifications#notify} is the API other parts call; complaint
 * escalations, SLA breaches and due follow-ups reach it from the event bus.
 */
package org.calldesk.notifications;
