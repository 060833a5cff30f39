import { EventData, EventType } from '../registry';

/**
 * One valid `data` per event type, each optional field filled: what the schema and property tests
 * start from, and the examples integrators read beside the schemas.
 */
export const EVENT_EXAMPLES: { readonly [T in EventType]: EventData<T> } = {
  OrderPlaced: {
    orderId: 'o-1001',
    salesChannel: 'base',
    items: [
      { sku: 'HDB-001', qty: 2 },
      { sku: 'COFFEE-250G', qty: 0.75 },
    ],
    placedAt: '2026-11-23T10:00:00.000Z',
    holdId: 'h-77',
  },
  OrderCanceled: { orderId: 'o-1001', items: [{ sku: 'HDB-001', qty: 1 }] },
  ShipmentCreated: {
    shipmentId: 's-1',
    orderId: 'o-1001',
    items: [{ sku: 'HDB-001', sourceCode: 'eu-west', qty: 1 }],
  },
  CreditMemoCreated: {
    creditMemoId: 'cm-1',
    orderId: 'o-1001',
    items: [
      { sku: 'HDB-001', qty: 1, returnToStock: true, sourceCode: 'eu-west', shipped: true },
      { sku: 'COFFEE-250G', qty: 0.25, returnToStock: false, sourceCode: null },
    ],
  },
  SourceSaved: {
    code: 'eu-west',
    name: 'Dublin warehouse',
    enabled: true,
    latitude: 53.35,
    longitude: -6.26,
    isPickupLocation: false,
    contact: { name: 'Aoife', email: 'aoife@example.com', phone: '+353 1 555 0100' },
    address: { country: 'IE', region: 'Leinster', city: 'Dublin', street: '1 Quay St', postcode: 'D01' },
    description: 'Main EU stock',
    version: 12,
  },
  StockSaved: {
    stockId: 2,
    name: 'EU stock',
    sourceLinks: [{ sourceCode: 'eu-west', priority: 1 }],
    salesChannels: ['eu-web'],
    version: 13,
  },
  StockDeleted: { stockId: 2, version: 14 },
  SourceItemsSaved: {
    sku: 'HDB-001',
    items: [
      {
        sourceCode: 'eu-west',
        quantity: 98,
        status: 'in_stock',
        notifyStockQty: 5,
        damaged: 2,
        qualityControl: 1,
        safetyStock: 10,
      },
    ],
    reason: 'shipment',
    shipmentId: 's-1',
    creditMemoId: 'cm-1',
    orderId: 'o-1001',
    adjustmentId: 'count-2026-12-05',
    transferId: 't-1',
    shippedQty: 2,
    version: 15,
  },
  SourceItemsDeleted: { sku: 'HDB-001', sourceCodes: ['eu-west'], version: 16 },
  InventorySettingsChanged: {
    scope: 'sku',
    sku: 'HDB-001',
    settings: {
      manageStock: true,
      backorders: 'allow_notify',
      minQty: -5,
      minSaleQty: 1,
      maxSaleQty: 10,
      enableQtyIncrements: true,
      qtyIncrements: 0.5,
      notifyStockQty: null,
      stockThresholdQty: 3,
      displayOutOfStock: false,
      lowStockActivity: 'disable_buy_button',
      lowStockActivityQty: 5,
      allowBackInStockSubscriptions: true,
      isQtyDecimal: true,
    },
    version: 17,
  },
  TransferShipped: {
    transferId: 't-1',
    fromSourceCode: 'default',
    toSourceCode: 'eu-west',
    items: [{ sku: 'HDB-001', qty: 20 }],
    expectedAt: '2026-12-12T00:00:00.000Z',
    version: 18,
  },
  TransferReceived: {
    transferId: 't-1',
    receiptId: 'r-1',
    toSourceCode: 'eu-west',
    items: [{ sku: 'HDB-001', qty: 12, damaged: 1 }],
    status: 'partially_received',
    version: 19,
  },
  TransferCanceled: {
    transferId: 't-1',
    fromSourceCode: 'default',
    toSourceCode: 'eu-west',
    items: [{ sku: 'HDB-001', qty: 7 }],
    version: 20,
  },
  KitDefined: {
    sku: 'GIFT-BOX',
    components: [
      { sku: 'HDB-001', qty: 1 },
      { sku: 'COFFEE-250G', qty: 2 },
    ],
    version: 21,
  },
  OrderReservationPlaced: {
    orderId: 'o-1001',
    stockId: 1,
    items: [
      { sku: 'HDB-001', qty: 2 },
      { sku: 'HDB-GIFT', qty: 1 },
    ],
    kits: [
      {
        sku: 'HDB-GIFT',
        components: [
          { sku: 'HDB-001', qty: 1 },
          { sku: 'MUG-01', qty: 2 },
        ],
      },
    ],
  },
  OrderReservationRejected: {
    orderId: 'o-1002',
    lines: [{ sku: 'HDB-001', qty: 5, code: 'not_salable', message: 'Only 2 left' }],
  },
  ReservationCompensated: { orderId: 'o-1001', sku: 'HDB-001', qty: 1, reason: 'order_canceled' },
  SalableQuantityChanged: {
    stockId: 1,
    sku: 'HDB-001',
    salableQty: 96,
    isSalable: true,
    onlyXLeft: null,
    backorders: 'none',
    sequence: 42,
  },
  LowStockDetected: { sku: 'HDB-001', sourceCode: 'eu-west', quantity: 4, notifyStockQty: 5 },
  BackInStockNotified: { sku: 'HDB-001', salesChannel: 'base', recipients: ['ada@example.com'] },
};
