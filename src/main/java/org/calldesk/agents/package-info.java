/**
 * The people who log in: agents, supervisors and administrators, their password hashes, login throttling,
 * and login/logout over HTTP.
 */
package org.calldesk.agents;
