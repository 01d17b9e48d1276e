/**
 * The HTTP and WebSocket plumbing each feature's routes use: the server verticle, sessions and CSRF, access
 * checks by role, request-body parsing with clear 400s, errors turned into status codes once, Freemarker pages,
 * the live socket to browsers, idempotency keys for creating requests, and a stop that lets requests in flight finish. Imports no feature: the composition root ({@code app}) hands it the features'
 * routes.
 */
package org.calldesk.web;
