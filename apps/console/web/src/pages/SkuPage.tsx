import { useEffect, useState } from 'react';
import { ApiError, call, messageOf } from '../api';
import { formatDateTime, formatQty, formatTime } from '../format';
import { InventoryCard } from '../inventory/InventoryCard';
import { KitEditor } from '../inventory/KitEditor';
import { IncomingCard } from '../inventory/IncomingCard';
import { SettingsEditor } from '../SettingsEditor';
import { Status } from '../Status';

interface StreamEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  correlationId: string | null;
  recordedAt: string;
}
interface Stock {
  stockId: number;
  name: string;
}
interface Salable {
  salableQty: number | null;
  isSalable: boolean;
}

const EVENTS_PAGE = 50;
const CHART_POINTS = 30;

/**
 * One SKU: its quantities at each source in every state (adjusted here, with the movement log),
 * its settings in effect and where each came from, its overrides, the event history of its
 * reservation stream, and its salable quantity over time (the reservation service's `?at=`).
 */
export function SkuPage({ sku }: { sku: string }) {
  const [stocks, setStocks] = useState<Stock[]>([]);
  const [stockId, setStockId] = useState<number | undefined>();
  const [failure, setFailure] = useState('');

  useEffect(() => {
    call<{ items: Stock[] }>('catalog', 'GET', '/stocks')
      .then((list) => {
        setStocks(list.items);
        setStockId((current) => current ?? list.items[0]?.stockId);
      })
      .catch((error: Error) => setFailure(error.message));
  }, []);

  return (
    <section>
      <header className="page-header">
        <h1>
          SKU <code>{sku}</code>
        </h1>
        <label>
          Stock{' '}
          <select name="stockId" value={stockId ?? ''} onChange={(e) => setStockId(Number(e.target.value))}>
            {stocks.map((stock) => (
              <option key={stock.stockId} value={stock.stockId}>
                {stock.name} ({stock.stockId})
              </option>
            ))}
          </select>
        </label>
      </header>
      <Status failure={failure} />
      <InventoryCard sku={sku} />
      <KitEditor sku={sku} />
      <SettingsEditor sku={sku} />
      {stockId !== undefined && <SalableChart sku={sku} stockId={stockId} />}
      {stockId !== undefined && <Timeline sku={sku} stockId={stockId} />}
      {/* Last: it comes from another service, and what arrives late must not move what is above. */}
      <IncomingCard sku={sku} />
    </section>
  );
}

/** Salable quantity over time: the reservation stream folded at evenly spaced moments (`?at=`). */
function SalableChart({ sku, stockId }: { sku: string; stockId: number }) {
  const [points, setPoints] = useState<{ at: number; qty: number | null }[]>([]);
  const [failure, setFailure] = useState('');

  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    // A stock chosen while the previous one still loads: only the last answer is drawn.
    let current = true;
    void (async () => {
      try {
        const base = `/stocks/${stockId}/skus/${encodeURIComponent(sku)}`;
        const first = await call<{ events: StreamEvent[] }>('reservation', 'GET', `${base}/events?limit=1`);
        const now = Date.now();
        const start = first.events[0] ? Date.parse(first.events[0].recordedAt) - 1_000 : now - 3_600_000;
        const moments = Array.from(
          { length: CHART_POINTS },
          (_, i) => start + ((now - start) * i) / (CHART_POINTS - 1),
        );
        // Before the stock existed the service answers 404: no point there.
        const figures = await Promise.all(
          moments.map((at) =>
            call<Salable>('reservation', 'GET', `${base}/salable?at=${new Date(at).toISOString()}`).catch(
              (error: unknown) => {
                if (error instanceof ApiError && error.status === 404) return undefined;
                throw error;
              },
            ),
          ),
        );
        if (!current) return;
        setPoints(
          moments.flatMap((at, i) => {
            const figure = figures[i];
            return figure ? [{ at, qty: figure.salableQty }] : [];
          }),
        );
        setFailure('');
      } catch (error) {
        if (current) setFailure(messageOf(error));
      }
    })();
    return () => {
      current = false;
    };
  }, [sku, stockId, refreshes]);

  const known = points.filter((p): p is { at: number; qty: number } => p.qty !== null);
  const [width, height, pad] = [640, 160, 24];
  const max = Math.max(1, ...known.map((p) => p.qty));
  const min = Math.min(0, ...known.map((p) => p.qty));
  const x = (at: number) =>
    pad +
    ((at - points[0].at) / Math.max(1, points[points.length - 1].at - points[0].at)) * (width - 2 * pad);
  const y = (qty: number) => height - pad - ((qty - min) / (max - min)) * (height - 2 * pad);
  // A step line: the quantity holds until the next moment.
  const line = known
    .map((p, i) => (i === 0 ? `M${x(p.at)},${y(p.qty)}` : `H${x(p.at)} V${y(p.qty)}`))
    .join(' ');

  return (
    <div className="card" aria-label="Salable quantity over time">
      <h2>
        Salable quantity over time{' '}
        <button className="link" onClick={() => setRefreshes(refreshes + 1)}>
          Refresh
        </button>
      </h2>
      {failure && <p className="error">{failure}</p>}
      {points.length > 0 && known.length === 0 && <p className="muted">Unlimited (stock not managed).</p>}
      {known.length > 0 && (
        <svg
          className="chart"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label="salable quantity chart"
          data-last={known[known.length - 1].qty}
        >
          <line x1={pad} x2={width - pad} y1={y(0)} y2={y(0)} className="axis" />
          <path d={line} className="series" />
          <text x={2} y={y(max) + 4}>
            {max}
          </text>
          <text x={2} y={y(min) + 4}>
            {min}
          </text>
          <text x={pad} y={height - 4}>
            {formatTime(points[0].at)}
          </text>
          <text x={width - pad} y={height - 4} textAnchor="end">
            now: {formatQty(known[known.length - 1].qty)}
          </text>
        </svg>
      )}
    </div>
  );
}

/** The SKU's reservation stream, event by event, oldest first, a page at a time. */
function Timeline({ sku, stockId }: { sku: string; stockId: number }) {
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const [from, setFrom] = useState(0);
  const [failure, setFailure] = useState('');

  useEffect(() => {
    let current = true;
    call<{ events: StreamEvent[] }>(
      'reservation',
      'GET',
      `/stocks/${stockId}/skus/${encodeURIComponent(sku)}/events?from=${from}&limit=${EVENTS_PAGE}`,
    )
      .then((page) => current && setEvents(page.events))
      .catch((error: Error) => current && setFailure(error.message));
    return () => {
      current = false;
    };
  }, [sku, stockId, from]);

  return (
    <div className="card" aria-label="Event history">
      <h2>Event history</h2>
      {failure && <p className="error">{failure}</p>}
      {events.length === 0 && <p className="muted">No reservation has touched this SKU yet.</p>}
      <ol className="timeline">
        {events.map((event) => (
          <li key={event.revision} data-event={event.type}>
            <time>{formatDateTime(event.recordedAt)}</time> <strong>{event.type}</strong>{' '}
            <span className="muted">#{event.revision}</span>
            <div>
              <code>{summarize(event.data)}</code>
            </div>
            {event.correlationId && <small className="muted">correlation {event.correlationId}</small>}
          </li>
        ))}
      </ol>
      <div className="buttons">
        <button disabled={from === 0} onClick={() => setFrom(Math.max(0, from - EVENTS_PAGE))}>
          Earlier
        </button>
        <button disabled={events.length < EVENTS_PAGE} onClick={() => setFrom(from + EVENTS_PAGE)}>
          Later
        </button>
      </div>
    </div>
  );
}

const summarize = (data: Record<string, unknown>) =>
  Object.entries(data)
    .filter(([key]) => key !== 'sku')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('  ');
