/**
 * Administration in the browser: agents (create, disable and enable, reset a password, role, team, phone, queues,
 * skills), the lists and targets the other features read (pause reasons, dispositions, complaint categories, SLA
 * targets, business calendars), and the audit trail of who changed what and when. Settings changed here are kept in
 * PostgreSQL over the defaults of {@code config/calldesk.yaml}, applied at once to the live holders the features read,
 * and announced on the event bus ({@code calldesk.admin.changed}) so that every node of a cluster reloads them.
 */
package org.calldesk.admin;
