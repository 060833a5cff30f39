/**
 * Numbers and times as a merchant reads them, in the browser's language: "1,250" and "2.5" rather
 * than "1250.0000", "3 Dec 2026, 14:05" rather than an ISO string.
 */
const QUANTITY = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A quantity; `null` is a salable quantity without a limit (stock not managed, or backorders without one). */
export function formatQty(quantity: number | string | null | undefined): string {
  if (quantity === null) return 'Unlimited';
  if (quantity === undefined || quantity === '') return '—';
  const number = Number(quantity);
  return Number.isFinite(number) ? QUANTITY.format(number) : String(quantity);
}

/** A moment (an ISO string from the services): date and time. */
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? DATE_TIME.format(new Date(iso)) : '—';

/** A moment today, to the second (a chart's axis, a live change). */
export const formatTime = (iso: string | number): string => TIME.format(new Date(iso));
