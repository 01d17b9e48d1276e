/**
 * The top: {@code Main}, the one composition root ({@link org.calldesk.app.Calldesk}: every part made and
 * wired in its start chain, in order, and stopped in reverse), the embedded PostgreSQL and Redis of the default
 * run, demo data and demo traffic, health and metrics, and the {@code admin} command.
 */
package org.calldesk.app;
