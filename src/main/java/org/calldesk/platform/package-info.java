/**
 * The lowest floor: what every feature stands on and nothing of theirs. Configuration loading and settings,
 * the PostgreSQL database (migrations, pool), the one gateway to Redis (Jedis on its own worker pool), the
 * latency budgets' timers, roles and the signed-in user. Imports no other calldesk package.
 */
package org.calldesk.platform;
