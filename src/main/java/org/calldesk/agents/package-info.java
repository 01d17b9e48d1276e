/**
 * The people who log in: agents, supervisors and administrators, their password hashes, login throttling,
 * login/logout over HTTP, and the admins' API for an agent's phone and queues.
 */
package org.calldesk.agents;
