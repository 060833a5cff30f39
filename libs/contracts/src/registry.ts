import { EventEnvelope } from './envelope';
import {
  InventorySettingsChanged,
  KitDefined,
  SourceItemsDeleted,
  SourceItemsSaved,
  SourceSaved,
  StockDeleted,
  StockSaved,
  TransferCanceled,
  TransferReceived,
  TransferShipped,
} from './events/catalog';
import { BackInStockNotified, LowStockDetected } from './events/notifications';
import { CreditMemoCreated, ShipmentCreated } from './events/fulfillment';
import { OrderCanceled, OrderPlaced } from './events/orders';
import {
  OrderReservationPlaced,
  OrderReservationRejected,
  ReservationCompensated,
} from './events/reservations';
import { SalableQuantityChanged } from './events/salable';
import { GoodsReceived, PurchaseOrderCanceled, PurchaseOrderPlaced } from './events/replenishment';
import { TOPICS, Topic } from './topics';

interface EventSchema {
  readonly topic: Topic;
  readonly version: number;
  readonly data: new () => object;
}

/** Every integration event: the topic it travels on, its current version and its data schema. */
export const EVENT_SCHEMAS = {
  OrderPlaced: { topic: TOPICS.orders, version: 1, data: OrderPlaced },
  OrderCanceled: { topic: TOPICS.orders, version: 1, data: OrderCanceled },
  ShipmentCreated: { topic: TOPICS.fulfillment, version: 1, data: ShipmentCreated },
  CreditMemoCreated: { topic: TOPICS.fulfillment, version: 1, data: CreditMemoCreated },
  SourceSaved: { topic: TOPICS.catalog, version: 1, data: SourceSaved },
  StockSaved: { topic: TOPICS.catalog, version: 1, data: StockSaved },
  StockDeleted: { topic: TOPICS.catalog, version: 1, data: StockDeleted },
  SourceItemsSaved: { topic: TOPICS.catalog, version: 1, data: SourceItemsSaved },
  SourceItemsDeleted: { topic: TOPICS.catalog, version: 1, data: SourceItemsDeleted },
  InventorySettingsChanged: { topic: TOPICS.catalog, version: 1, data: InventorySettingsChanged },
  TransferShipped: { topic: TOPICS.catalog, version: 1, data: TransferShipped },
  TransferReceived: { topic: TOPICS.catalog, version: 1, data: TransferReceived },
  TransferCanceled: { topic: TOPICS.catalog, version: 1, data: TransferCanceled },
  KitDefined: { topic: TOPICS.catalog, version: 1, data: KitDefined },
  OrderReservationPlaced: { topic: TOPICS.reservations, version: 1, data: OrderReservationPlaced },
  OrderReservationRejected: { topic: TOPICS.reservations, version: 1, data: OrderReservationRejected },
  ReservationCompensated: { topic: TOPICS.reservations, version: 1, data: ReservationCompensated },
  SalableQuantityChanged: { topic: TOPICS.salable, version: 1, data: SalableQuantityChanged },
  LowStockDetected: { topic: TOPICS.notifications, version: 1, data: LowStockDetected },
  BackInStockNotified: { topic: TOPICS.notifications, version: 1, data: BackInStockNotified },
  PurchaseOrderPlaced: { topic: TOPICS.replenishment, version: 1, data: PurchaseOrderPlaced },
  GoodsReceived: { topic: TOPICS.replenishment, version: 1, data: GoodsReceived },
  PurchaseOrderCanceled: { topic: TOPICS.replenishment, version: 1, data: PurchaseOrderCanceled },
} as const satisfies Record<string, EventSchema>;

export type EventType = keyof typeof EVENT_SCHEMAS;

export type EventData<T extends EventType> = InstanceType<(typeof EVENT_SCHEMAS)[T]['data']>;

/** The discriminated union of every integration event, narrowed by `type`. */
export type IntegrationEvent = { [T in EventType]: EventEnvelope<T, EventData<T>> }[EventType];

export type EventOf<T extends EventType> = Extract<IntegrationEvent, { type: T }>;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

export function topicOf(type: EventType): Topic {
  return EVENT_SCHEMAS[type].topic;
}
