/**
 * Routing by value: the policy (a pure function from caller facts to queue, priority, account manager and
 * reason), the {@code route} script's fact gathering within its budget with fail-open defaults, priority ageing
 * while callers wait, callback requests, callers who only visit the menu made known as calls, and the decisions committed in PostgreSQL, from which a node that did not make
 * them (it started while the caller waited) learns them. Knows the phone side only through telephony's interfaces.
 */
package org.calldesk.routing;
