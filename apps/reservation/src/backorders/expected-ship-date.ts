import { roundQty } from '@inventory/contracts';
import { Configuration, liveStock } from '../configuration/configuration';
import { effectiveSettings, servableQty } from '../sku-state/salable-quantity';
import { SkuState } from '../sku-state/sku-state';

/** Today's date as backorders are dated (UTC), e.g. `2026-12-05`. */
export const todayOf = (now: Date): string => now.toISOString().slice(0, 10);

const addDays = (day: string, days: number): string =>
  todayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/**
 * When `units` more on backorder in the stock are expected to ship (an ISO date), or null when
 * nobody knows: the day the units on their way to the stock's sources (open purchase orders,
 * transfers in transit), soonest first, cover the backorders already placed there and then these
 * units; with nothing (or not enough) on its way that says when, today plus the SKU's
 * `backorderLeadTimeDays`. Never before today: an order that is late ships at the earliest today.
 */
export function expectedShipDate(
  sku: SkuState,
  configuration: Configuration,
  stockId: number,
  units: number,
  /** Unknown (a decision replayed without a clock): dated by incoming units only. */
  today: string | undefined,
): string | null {
  const stock = liveStock(configuration, stockId);
  if (units <= 0 || !stock) return null;
  const settings = effectiveSettings(sku, configuration);
  // Units already reserved beyond what the stock has: the backorders placed before these.
  const placed = Math.max(
    0,
    roundQty(Math.max(0, settings.minQty) - servableQty(sku, configuration, stockId)),
  );
  const arriving = Object.values(sku.incoming ?? {})
    .filter(
      (incoming): incoming is typeof incoming & { expectedAt: string } =>
        incoming.expectedAt !== null &&
        stock.sourceCodes.includes(incoming.sourceCode) &&
        !configuration.disabledSources.includes(incoming.sourceCode),
    )
    .sort((a, b) => a.expectedAt.localeCompare(b.expectedAt));
  let short = roundQty(placed + units);
  for (const incoming of arriving) {
    short = roundQty(short - incoming.qty);
    if (short <= 0) return today !== undefined && incoming.expectedAt < today ? today : incoming.expectedAt;
  }
  const leadTime = settings.backorderLeadTimeDays;
  return leadTime === null || today === undefined ? null : addDays(today, leadTime);
}

/** The words a backorder notice ends with once its date is known. */
export const withShipDate = (notice: string, date: string | null): string =>
  date === null ? notice : `${notice}. Expected to ship by ${date}.`;
