import { useEffect, useState } from 'react';
import { ApiError, call, asApiError } from '../api';
import { formatDateTime, formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

interface OrderLine {
  sku: string;
  ordered: number;
  reserved: number;
  shipped: number;
  canceled: number;
  toShip: number;
}
interface Order {
  orderId: string;
  salesChannel: string | null;
  placedAt: string | null;
  reservationStatus: 'awaiting_reservation' | 'reserved' | 'rejected';
  canceled: boolean;
  shippable: boolean;
  items: OrderLine[];
}
interface ShipmentLine {
  sku: string;
  sourceCode: string;
  qty: number;
}
/** What fulfillment recommends: the shipment, and every source considered for each line. */
interface Recommendation {
  isShippable: boolean;
  shipment: ShipmentLine[];
  lines: { sku: string; sources: { sourceCode: string; qtyAvailable: number; qtyToDeduct: number }[] }[];
}

const PAGE_SIZE = 20;
const STATUS_TEXT = {
  awaiting_reservation: 'Awaiting reservation',
  reserved: 'Reserved',
  rejected: 'Rejected',
};

/** Sales > Orders: what the order systems sent, the source selection for each, and shipping it. */
export function OrdersPage() {
  const [toShipOnly, setToShipOnly] = useState(true);
  const [open, setOpen] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const {
    items: orders,
    total,
    offset,
    setOffset,
    failure,
    reload,
  } = usePagedList<Order>('fulfillment', `/orders${toShipOnly ? '?toShip=true' : ''}`, PAGE_SIZE);

  return (
    <section>
      <header className="page-header">
        <h1>Orders</h1>
        <div className="checks">
          <label>
            <input
              type="checkbox"
              name="toShipOnly"
              checked={toShipOnly}
              onChange={(event) => setToShipOnly(event.target.checked)}
            />{' '}
            Only orders to ship
          </label>
          <button className="link" onClick={() => void reload()}>
            Refresh
          </button>
        </div>
      </header>
      <Status failure={failure} notice={notice} />
      <table>
        <thead>
          <tr>
            <th>Order</th>
            <th>Placed</th>
            <th>Channel</th>
            <th>Reservation</th>
            <th>Items (to ship / ordered)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <OrderRow
              key={order.orderId}
              order={order}
              open={open === order.orderId}
              onToggle={() => setOpen(open === order.orderId ? undefined : order.orderId)}
              onShipped={async (message) => {
                setNotice(message);
                setOpen(undefined);
                await reload();
              }}
            />
          ))}
        </tbody>
      </table>
      <Pager offset={offset} pageSize={PAGE_SIZE} total={total} empty="No orders" onOffset={setOffset} />
    </section>
  );
}

function OrderRow(props: {
  order: Order;
  open: boolean;
  onToggle: () => void;
  onShipped: (message: string) => Promise<void>;
}) {
  const { order } = props;
  return (
    <>
      <tr data-order={order.orderId}>
        <td>
          <code>{order.orderId}</code>
        </td>
        <td>{formatDateTime(order.placedAt)}</td>
        <td>{order.salesChannel ?? '—'}</td>
        <td>
          {order.canceled ? (
            <span className="badge off">Canceled</span>
          ) : (
            <span className={order.reservationStatus === 'rejected' ? 'badge off' : 'badge on'}>
              {STATUS_TEXT[order.reservationStatus]}
            </span>
          )}
        </td>
        <td>
          {order.items.map((line) => (
            <div key={line.sku}>
              <code>{line.sku}</code> {line.toShip} / {line.ordered}
            </div>
          ))}
        </td>
        <td className="actions">
          {order.shippable && (
            <button onClick={props.onToggle}>{props.open ? 'Close' : 'Sources & ship'}</button>
          )}
        </td>
      </tr>
      {props.open && (
        <tr>
          <td colSpan={6}>
            <ShipPanel order={order} onShipped={props.onShipped} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Asks fulfillment which sources should ship the order, then ships what it recommends. */
function ShipPanel(props: { order: Order; onShipped: (message: string) => Promise<void> }) {
  const [algorithm, setAlgorithm] = useState('priority');
  const [country, setCountry] = useState('US');
  const [postcode, setPostcode] = useState('');
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const orderId = props.order.orderId;

  const recommend = async () => {
    try {
      const body =
        algorithm === 'distance' ? { algorithm, shippingAddress: { country, postcode } } : { algorithm };
      setRecommendation(
        await call<Recommendation>(
          'fulfillment',
          'POST',
          `/orders/${encodeURIComponent(orderId)}/source-selection`,
          body,
        ),
      );
      setError(undefined);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  // Recommended as soon as the panel opens; "Recommend" asks again with other choices.
  useEffect(() => void recommend(), []);

  const ship = async () => {
    if (!recommendation) return;
    try {
      const shipment = await call<{ shipmentId: string }>('fulfillment', 'POST', '/shipments', {
        orderId,
        items: recommendation.shipment,
      });
      await props.onShipped(`Shipment ${shipment.shipmentId} created for ${orderId}`);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  return (
    <div className="card" aria-label={`Ship ${orderId}`} role="form">
      <div className="checks">
        <label>
          Source selection{' '}
          <select name="algorithm" value={algorithm} onChange={(event) => setAlgorithm(event.target.value)}>
            <option value="priority">By source priority</option>
            <option value="distance">By distance</option>
          </select>
        </label>
        {algorithm === 'distance' && (
          <>
            <input
              name="country"
              aria-label="country"
              value={country}
              onChange={(e) => setCountry(e.target.value)}
            />
            <input
              name="postcode"
              aria-label="postcode"
              placeholder="Postcode"
              value={postcode}
              onChange={(e) => setPostcode(e.target.value)}
            />
          </>
        )}
        <button className="link" onClick={() => void recommend()}>
          Recommend
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {recommendation && (
        <>
          <table className="recommendation">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Source</th>
                <th>Available</th>
                <th>To deduct</th>
              </tr>
            </thead>
            <tbody>
              {recommendation.lines.flatMap((line) =>
                line.sources.map((source) => (
                  <tr
                    key={`${line.sku}|${source.sourceCode}`}
                    data-recommended={`${line.sku}|${source.sourceCode}`}
                    className={source.qtyToDeduct > 0 ? 'chosen' : 'muted'}
                  >
                    <td>
                      <code>{line.sku}</code>
                    </td>
                    <td>{source.sourceCode}</td>
                    <td>{source.qtyAvailable}</td>
                    <td>{source.qtyToDeduct}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <button disabled={!recommendation.isShippable} onClick={() => void ship()}>
            Ship{' '}
            {recommendation.shipment
              .map((line) => `${formatQty(line.qty)} from ${line.sourceCode}`)
              .join(', ')}
          </button>
          {!recommendation.isShippable && (
            <p className="muted">The sources do not hold enough to ship it all.</p>
          )}
        </>
      )}
    </div>
  );
}
