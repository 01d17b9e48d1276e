/**
 * Routing by value: the policy (a pure function from caller facts to queue, priority, account manager and
 * reason), the {@code route} script's fact gathering within its budget with fail-open defaults, priority ageing
 * while callers wait, and callback requests. Knows the phone side only through telephony's interfaces.
 */
package org.calldesk.routing;
