import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsNumber,
  IsLongitude,
  IsISO8601,
  IsOptional,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCode, IsIntegerId } from '../identifiers';
import { IsEmailAddress, IsText } from '../text';
import {
  IsCatalogVersion,
  IsPositiveQuantity,
  IsQuantity,
  SOURCE_ITEM_STATUSES,
  SourceItemStatus,
} from './common';
import { InventorySettingsPatch } from './settings';
import { Nullable } from '../nullable';
import { IsRecord } from '../nested';

export class SourceContact {
  @IsOptional() @IsText(255) readonly name?: string;
  @IsOptional() @IsEmailAddress() readonly email?: string;
  @IsOptional() @IsText(64) readonly phone?: string;
}

export class SourceAddress {
  @IsOptional() @IsText(255) readonly country?: string;
  @IsOptional() @IsText(255) readonly region?: string;
  @IsOptional() @IsText(255) readonly city?: string;
  @IsOptional() @IsText(255) readonly street?: string;
  @IsOptional() @IsText(32) readonly postcode?: string;
}

/** inventory.catalog.v1, key source code: the whole source as saved. */
export class SourceSaved {
  @IsCode() readonly code!: string;
  @IsText(255) readonly name!: string;
  @IsBoolean() readonly enabled!: boolean;
  @IsOptional() @IsNumber() @IsLatitude() readonly latitude?: number | null;
  @IsOptional() @IsNumber() @IsLongitude() readonly longitude?: number | null;
  @IsOptional() @IsBoolean() readonly isPickupLocation?: boolean;
  @IsOptional() @IsRecord() @ValidateNested() @Type(() => SourceContact) readonly contact?: SourceContact;
  @IsOptional() @IsRecord() @ValidateNested() @Type(() => SourceAddress) readonly address?: SourceAddress;
  @IsOptional() @IsText(2000) readonly description?: string;
  @IsCatalogVersion() readonly version?: number;
}

export class StockSourceLink {
  @IsCode() readonly sourceCode!: string;
  @IsIntegerId(0) readonly priority!: number;
}

/** inventory.catalog.v1, key stock id: the stock with its ordered source links and channels. */
export class StockSaved {
  @IsIntegerId(1) readonly stockId!: number;
  @IsText(255) readonly name!: string;
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StockSourceLink)
  readonly sourceLinks!: readonly StockSourceLink[];
  @IsArray() @IsCode({ each: true }) readonly salesChannels!: readonly string[];
  @IsCatalogVersion() readonly version?: number;
}

/**
 * inventory.catalog.v1, key stock id: the stock no longer exists (it had no sales channels left).
 * Not in the original v1 contract: an addition, so that views of stocks can forget one.
 */
export class StockDeleted {
  @IsIntegerId(2) readonly stockId!: number;
  @IsCatalogVersion() readonly version?: number;
}

/**
 * A source item as saved. `quantity` is on hand and sellable (the only state the salable formula
 * uses); `damaged`, `qualityControl` and `safetyStock` are kept apart from it and never sold. An
 * absent state is 0: events from before the states existed, and states never set, say nothing.
 */
export class SourceItemState {
  @IsCode() readonly sourceCode!: string;
  @IsQuantity() readonly quantity!: number;
  @IsIn(SOURCE_ITEM_STATUSES) readonly status!: SourceItemStatus;
  @Nullable() @IsQuantity() readonly notifyStockQty!: number | null;
  @IsOptional() @IsQuantity() readonly damaged?: number;
  @IsOptional() @IsQuantity() readonly qualityControl?: number;
  @IsOptional() @IsQuantity() readonly safetyStock?: number;
}

export const SOURCE_ITEMS_SAVED_REASONS = [
  'manual',
  'import',
  'transfer',
  'shipment',
  'credit_memo',
  /** `POST /adjustments`: the event carries the `adjustmentId`. */
  'adjustment',
  /** Goods of a purchase order received (replenishment's GoodsReceived): with `purchaseOrderId`, `receiptId`. */
  'receipt',
  /** `npm run catalog -- republish`: the current quantities again, nothing changed. */
  'republish',
] as const;
export type SourceItemsSavedReason = (typeof SOURCE_ITEMS_SAVED_REASONS)[number];

/** inventory.catalog.v1, key SKU: absolute quantities of the SKU's changed source items. */
export class SourceItemsSaved {
  @IsCode() readonly sku!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SourceItemState)
  readonly items!: readonly SourceItemState[];
  @IsIn(SOURCE_ITEMS_SAVED_REASONS) readonly reason!: SourceItemsSavedReason;
  @IsOptional() @IsCode() readonly shipmentId?: string;
  @IsOptional() @IsCode() readonly creditMemoId?: string;
  @IsOptional() @IsCode() readonly orderId?: string;
  @IsOptional() @IsCode() readonly adjustmentId?: string;
  /** A transfer between sources (shipped, received or canceled); not on the instant transfer. */
  @IsOptional() @IsCode() readonly transferId?: string;
  @IsOptional() @IsCode() readonly purchaseOrderId?: string;
  @IsOptional() @IsCode() readonly receiptId?: string;
  /**
   * For a shipment's deduction, the units of this SKU it took off its sources (an addition to the
   * design's event), so consumers need not infer them from a drop in the absolute quantities.
   */
  @IsOptional() @IsPositiveQuantity() readonly shippedQty?: number;
  /** The version of every source item the event names. */
  @IsCatalogVersion() readonly version?: number;
}

/** inventory.catalog.v1, key SKU: the SKU is no longer assigned to these sources. */
export class SourceItemsDeleted {
  @IsCode() readonly sku!: string;
  @IsArray() @ArrayNotEmpty() @IsCode({ each: true }) readonly sourceCodes!: readonly string[];
  @IsCatalogVersion() readonly version?: number;
}

/** inventory.catalog.v1, key `global` or the SKU. */
export class InventorySettingsChanged {
  @IsIn(['global', 'sku']) readonly scope!: 'global' | 'sku';
  @ValidateIf((event: InventorySettingsChanged) => event.scope === 'sku') @IsCode() readonly sku?: string;
  @IsRecord()
  @ValidateNested()
  @Type(() => InventorySettingsPatch)
  readonly settings!: InventorySettingsPatch;
  @IsCatalogVersion() readonly version?: number;
}

export class TransferLine {
  @IsCode() readonly sku!: string;
  @IsPositiveQuantity() readonly qty!: number;
}

/**
 * inventory.catalog.v1, key transferId: units left `fromSourceCode` for `toSourceCode` and are in
 * transit until received: incoming at the destination from now, expected at `expectedAt`.
 */
export class TransferShipped {
  @IsCode() readonly transferId!: string;
  @IsCode() readonly fromSourceCode!: string;
  @IsCode() readonly toSourceCode!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TransferLine)
  readonly items!: readonly TransferLine[];
  @Nullable() @IsISO8601({ strict: true }) readonly expectedAt!: string | null;
  @IsCatalogVersion() readonly version?: number;
}

export class ReceivedTransferLine {
  @IsCode() readonly sku!: string;
  /** Units received in good condition (into the destination's available quantity). */
  @IsQuantity() @Min(0) readonly qty!: number;
  /** Units received damaged (into the destination's damaged state). */
  @IsQuantity() @Min(0) readonly damaged!: number;
}

/** inventory.catalog.v1, key transferId: part or all of a transfer arrived at its destination. */
export class TransferReceived {
  @IsCode() readonly transferId!: string;
  @IsCode() readonly receiptId!: string;
  @IsCode() readonly toSourceCode!: string;
  @IsArray()
  @ArrayNotEmpty()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReceivedTransferLine)
  readonly items!: readonly ReceivedTransferLine[];
  /** `partially_received` while units are still in transit, `received` once none is. */
  @IsIn(['partially_received', 'received']) readonly status!: 'partially_received' | 'received';
  @IsCatalogVersion() readonly version?: number;
}

/**
 * inventory.catalog.v1, key transferId: the transfer was canceled; `items` are the units still in
 * transit, back at `fromSourceCode` (empty when nothing was left in transit).
 */
export class TransferCanceled {
  @IsCode() readonly transferId!: string;
  @IsCode() readonly fromSourceCode!: string;
  @IsCode() readonly toSourceCode!: string;
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TransferLine)
  readonly items!: readonly TransferLine[];
  @IsCatalogVersion() readonly version?: number;
}

export class KitComponent {
  @IsCode() readonly sku!: string;
  /** Units of the component in one kit. */
  @IsPositiveQuantity() readonly qty!: number;
}

/**
 * inventory.catalog.v1, key SKU: the SKU is a kit of these components (an empty list: no longer a
 * kit). A kit has no source items of its own: it is sold as the minimum over its components, whose
 * units are what an order of the kit reserves and a shipment of it takes.
 */
export class KitDefined {
  @IsCode() readonly sku!: string;
  @IsArray()
  @IsRecord({ each: true })
  @ValidateNested({ each: true })
  @Type(() => KitComponent)
  readonly components!: readonly KitComponent[];
  @IsCatalogVersion() readonly version?: number;
}
