/**
 * Who may call what. A key carries one or more roles; a route names the roles it
 * admits (`@Access(...)`), and a route that names none admits only `admin`.
 * - admin: the merchant: catalog, settings, shipments, credit memos, reports, everything else
 * - order-system: holds and checkout checks (is-salable), reading stock and its own orders
 * - storefront: reading stock status, subscribing shoppers to back-in-stock alerts
 * - ops: audit streams, the sent-mail log, metrics and dead letters
 */
export const ROLES = ['admin', 'order-system', 'storefront', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
