import { Injectable } from '@nestjs/common';
import { OrderLine } from '@inventory/contracts';
import { ApiError } from '@inventory/service-runtime';
import { Configuration, kitsOf, stockOfChannel } from '../configuration/configuration';
import { expectedShipDate as shipDateOf, todayOf, withShipDate } from '../backorders/expected-ship-date';
import { initialSkuState } from '../sku-state/sku-state';
import { StockStanding, lowStockActivityCode, lowStockActivityOf } from '../sku-state/salable-quantity';
import { InventoryStreams, CACHED_READ_MAX_AGE_MS, skuStatesIn } from '../streams/inventory-streams';
import { BACKORDER_NOTICE } from './check-request';
import { checkRequestedLines, skusToRead } from './check-lines';
import { standingOf } from '../kits/kit-standing';

export interface StockStatus {
  readonly sku: string;
  readonly stockId: number;
  readonly isSalable: boolean;
  readonly salableQty: number | null;
  readonly onlyXLeft: number | null;
  /** For the product page: "In stock", "Only 3 left", "Out of stock". */
  readonly message: string;
  readonly backorders: string;
  readonly backorderNotice: string | null;
  /**
   * Show the product at all: not while the low-stock activity unpublishes it; else salable, or
   * out of stock with displayOutOfStock on and lowStockActivity not `unpublish`.
   */
  readonly visible: boolean;
  /** Offer "Add to cart": salable, and the low-stock activity does not disable the button. */
  readonly buyButtonEnabled: boolean;
  readonly displayOutOfStock: boolean;
  readonly lowStockActivity: string;
  readonly lowStockActivityQty: number | null;
  /** The low-stock activity in force: `low_stock_activity-buy_button_disabled` or `-unpublished`. */
  readonly lowStockActivityCode: string | null;
  /** Only backorders left to sell: when one sold now is expected to ship (ISO date); null: unknown or not backordering. */
  readonly expectedShipDate: string | null;
}

function statusMessage(standing: StockStanding): string {
  if (!standing.isSalable) return 'Out of stock';
  if (standing.onlyXLeft !== null) return `Only ${standing.onlyXLeft} left`;
  return 'In stock';
}

/**
 * Checkout and storefront questions, answered from the streams (not the projection): as fresh as
 * the streams, within CACHED_READ_MAX_AGE_MS.
 */
@Injectable()
export class CheckoutService {
  constructor(private readonly streams: InventoryStreams) {}

  private async stockOf(salesChannel: string): Promise<{ stockId: number; configuration: Configuration }> {
    const { state: configuration } = await this.streams.configuration(CACHED_READ_MAX_AGE_MS);
    const stockId = stockOfChannel(configuration, salesChannel);
    if (stockId === undefined) {
      throw ApiError.notFound(
        'sales_channel_not_found',
        `Sales channel "${salesChannel}" is not assigned to any stock`,
      );
    }
    return { stockId, configuration };
  }

  async isSalable(salesChannel: string, items: readonly OrderLine[]) {
    const { stockId, configuration } = await this.stockOf(salesChannel);
    const skus = await this.streams.skus(skusToRead(items, configuration), CACHED_READ_MAX_AGE_MS);
    return {
      salesChannel,
      stockId,
      items: checkRequestedLines(stockId, items, configuration, skuStatesIn({ skus }), todayOf(new Date())),
    };
  }

  async stockStatus(salesChannel: string, sku: string): Promise<StockStatus> {
    const { stockId, configuration } = await this.stockOf(salesChannel);
    const skus = await this.streams.skus(
      skusToRead([{ sku, qty: 1 }], configuration),
      CACHED_READ_MAX_AGE_MS,
    );
    const states = skuStatesIn({ skus });
    const standing = standingOf(sku, states, configuration, stockId);
    const { settings } = standing;
    const activity = lowStockActivityOf(standing);
    const backordering =
      standing.isSalable &&
      settings.backorders !== 'none' &&
      standing.physicalQty !== null &&
      standing.physicalQty <= 0;
    // What is left to sell is backorder only: when the next unit sold would ship (a kit: unknown).
    const expectedShipDate =
      backordering && !kitsOf(configuration)[sku]?.length
        ? shipDateOf(states.get(sku) ?? initialSkuState(sku), configuration, stockId, 1, todayOf(new Date()))
        : null;
    return {
      sku,
      stockId,
      isSalable: standing.isSalable,
      salableQty: standing.salableQty,
      onlyXLeft: standing.onlyXLeft,
      message: statusMessage(standing),
      backorders: settings.backorders,
      backorderNotice:
        backordering && settings.backorders === 'allow_notify'
          ? withShipDate(BACKORDER_NOTICE, expectedShipDate)
          : null,
      expectedShipDate,
      visible:
        activity !== 'unpublished' &&
        (standing.isSalable || (settings.displayOutOfStock && settings.lowStockActivity !== 'unpublish')),
      buyButtonEnabled: standing.isSalable && activity === null,
      displayOutOfStock: settings.displayOutOfStock,
      lowStockActivity: settings.lowStockActivity,
      lowStockActivityQty: settings.lowStockActivityQty,
      lowStockActivityCode: activity && lowStockActivityCode(activity),
    };
  }
}
