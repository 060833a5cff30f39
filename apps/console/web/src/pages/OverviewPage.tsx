import { ReactNode, useCallback, useEffect, useState } from 'react';
import { Service, call, messageOf } from '../api';
import { formatDateTime, formatQty } from '../format';
import { navigate } from '../navigate';

interface SalableSummary {
  stocks: { stockId: number; skus: number; outOfStock: number; onlyXLeft: number }[];
  recent: {
    stockId: number;
    sku: string;
    salableQty: number | null;
    isSalable: boolean;
    changedAt: string;
  }[];
}
interface Stock {
  stockId: number;
  name: string;
}
interface LowStockItem {
  sku: string;
  sourceCode: string;
  quantity: number;
  notifyStockQty: number;
}
interface OrderToShip {
  orderId: string;
  placedAt: string | null;
  items: { sku: string; toShip: number }[];
}
interface Page<T> {
  items: T[];
  total: number;
}
const SERVICES: Service[] = ['catalog', 'reservation', 'fulfillment', 'notification', 'replenishment'];

/** One figure or list of the overview: loaded on its own, so one service away spoils only its card. */
type Loaded<T> = { value: T } | { failure: string } | undefined;

function useLoaded<T>(load: () => Promise<T>, reload: number): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>();
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ value }),
      (error: unknown) => current && setLoaded({ failure: messageOf(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function at every render: `reload` is the only reason to load again.
  }, [reload]);
  return loaded;
}

/**
 * The landing page: what needs the merchant today, at a glance. What each stock cannot sell, the
 * source items below their Notify for Quantity Below, the orders waiting to be shipped, the dead
 * letters ops must look at, and the latest salable changes; each links to the page that acts on it.
 */
export function OverviewPage() {
  const [reload, setReload] = useState(0);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const salable = useLoaded(
    () =>
      Promise.all([
        call<SalableSummary>('reservation', 'GET', '/salable-summary?limit=8'),
        call<{ items: Stock[] }>('catalog', 'GET', '/stocks'),
      ]),
    reload,
  );
  const lowStock = useLoaded(
    () => call<Page<LowStockItem>>('notification', 'GET', '/reports/low-stock?limit=5&sort=quantity'),
    reload,
  );
  const toShip = useLoaded(
    () => call<Page<OrderToShip>>('fulfillment', 'GET', '/orders?toShip=true&limit=5'),
    reload,
  );
  const deadLetters = useLoaded(
    async () =>
      Object.fromEntries(
        await Promise.all(
          SERVICES.map(
            async (service) =>
              [service, (await call<Page<unknown>>(service, 'GET', '/dead-letters?limit=1')).total] as const,
          ),
        ),
      ) as Record<Service, number>,
    reload,
  );

  const stockName = (stockId: number) =>
    (salable && 'value' in salable ? salable.value[1].items : []).find((stock) => stock.stockId === stockId)
      ?.name ?? `Stock ${stockId}`;

  return (
    <section>
      <header className="page-header">
        <h1>Overview</h1>
        <button onClick={refresh}>Refresh</button>
      </header>
      <div className="overview">
        <Card title="What each stock can sell" loaded={salable} link={['Products', '/products']}>
          {([summary]) =>
            summary.stocks.length ? (
              <table aria-label="Salable per stock">
                <thead>
                  <tr>
                    <th>Stock</th>
                    <th>SKUs</th>
                    <th>Out of stock</th>
                    <th>Only X left</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.stocks.map((stock) => (
                    <tr key={stock.stockId} data-stock={stock.stockId}>
                      <td>{stockName(stock.stockId)}</td>
                      <td>{formatQty(stock.skus)}</td>
                      <td data-out-of-stock={stock.stockId}>
                        <span className={stock.outOfStock ? 'badge off' : 'badge'}>
                          {formatQty(stock.outOfStock)}
                        </span>
                      </td>
                      <td>{formatQty(stock.onlyXLeft)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No SKU is assigned to a stock yet.</p>
            )
          }
        </Card>

        <Card title="Low stock" loaded={lowStock} link={['Low stock', '/reports/low-stock']}>
          {(page) => (
            <>
              <p className="figure" data-figure="low-stock">
                {formatQty(page.total)} source item{page.total === 1 ? '' : 's'} below Notify for Quantity
                Below
              </p>
              <ul className="plain">
                {page.items.map((item) => (
                  <li key={`${item.sku}|${item.sourceCode}`}>
                    <SkuLink sku={item.sku} /> at {item.sourceCode}: {formatQty(item.quantity)} (notify below{' '}
                    {formatQty(item.notifyStockQty)})
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>

        <Card title="Orders to ship" loaded={toShip} link={['Orders', '/orders']}>
          {(page) => (
            <>
              <p className="figure" data-figure="orders-to-ship">
                {formatQty(page.total)} order{page.total === 1 ? '' : 's'} can be shipped now
              </p>
              <ul className="plain">
                {page.items.map((order) => (
                  <li key={order.orderId}>
                    <code>{order.orderId}</code>, {formatDateTime(order.placedAt)}:{' '}
                    {order.items
                      .filter((line) => line.toShip > 0)
                      .map((line) => `${formatQty(line.toShip)} × ${line.sku}`)
                      .join(', ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>

        <Card title="Dead letters" loaded={deadLetters} link={['Dead letters', '/dead-letters']}>
          {(totals) => {
            const total = Object.values(totals).reduce((sum, count) => sum + count, 0);
            return (
              <p className="figure" data-figure="dead-letters">
                {total === 0
                  ? 'None: every event was handled'
                  : `${formatQty(total)} event${total === 1 ? '' : 's'} could not be handled (${SERVICES.filter(
                      (service) => totals[service],
                    )
                      .map((service) => `${service} ${totals[service]}`)
                      .join(', ')})`}
              </p>
            );
          }}
        </Card>

        <Card title="Latest salable changes" loaded={salable} link={['Products', '/products']}>
          {([summary]) =>
            summary.recent.length ? (
              <table aria-label="Latest salable changes">
                <tbody>
                  {summary.recent.map((change) => (
                    <tr key={`${change.stockId}|${change.sku}`} data-change={change.sku}>
                      <td>{formatDateTime(change.changedAt)}</td>
                      <td>
                        <SkuLink sku={change.sku} />
                      </td>
                      <td>{stockName(change.stockId)}</td>
                      <td>{change.isSalable ? formatQty(change.salableQty) : 'Out of stock'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">Nothing has changed yet.</p>
            )
          }
        </Card>
      </div>
    </section>
  );
}

function Card<T>(props: {
  title: string;
  loaded: Loaded<T>;
  link: [string, string];
  children: (value: T) => ReactNode;
}) {
  const { title, loaded, link } = props;
  return (
    <article className="card" aria-label={title}>
      <h2>{title}</h2>
      {loaded === undefined ? (
        <p className="muted">Loading…</p>
      ) : 'failure' in loaded ? (
        <p className="error" role="alert">
          {loaded.failure}
        </p>
      ) : (
        props.children(loaded.value)
      )}
      <a
        href={link[1]}
        onClick={(event) => {
          event.preventDefault();
          navigate(link[1]);
        }}
      >
        {link[0]} →
      </a>
    </article>
  );
}

function SkuLink({ sku }: { sku: string }) {
  const href = `/products/${encodeURIComponent(sku)}`;
  return (
    <a
      href={href}
      onClick={(event) => {
        event.preventDefault();
        navigate(href);
      }}
    >
      <code>{sku}</code>
    </a>
  );
}
