/**
 * Customers: lookup by any way of writing their number (E.164 via libphonenumber), the card cached in Redis,
 * value and tier (the pyramid), lifecycle, CSV import with per-line errors, and the search and 360° pages.
 */
package org.calldesk.customers;
