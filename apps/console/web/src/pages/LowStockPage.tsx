import { useCallback, useEffect, useState } from 'react';
import { call, download } from '../api';

interface LowStockItem {
  sku: string;
  sourceCode: string;
  quantity: number;
  notifyStockQty: number;
  status: string;
}

const PAGE_SIZE = 50;

/** Reports > Low Stock: source items below their notify quantity, with a CSV export. */
export function LowStockPage() {
  const [items, setItems] = useState<LowStockItem[]>([]);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [skuPrefix, setSkuPrefix] = useState('');
  const [failure, setFailure] = useState('');
  const filters = `skuPrefix=${encodeURIComponent(skuPrefix)}&sort=quantity`;

  const load = useCallback(async () => {
    try {
      const report = await call<{ items: LowStockItem[]; total: number }>(
        'notification',
        'GET',
        `/reports/low-stock?${filters}&limit=${PAGE_SIZE}&offset=${offset}`,
      );
      setItems(report.items);
      setTotal(report.total);
      setFailure('');
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }, [filters, offset]);

  useEffect(() => void load(), [load]);

  return (
    <section>
      <header className="page-header">
        <h1>Low stock</h1>
        <div className="checks">
          <input
            className="search"
            name="skuPrefix"
            placeholder="SKU starts with…"
            value={skuPrefix}
            onChange={(e) => {
              setOffset(0);
              setSkuPrefix(e.target.value);
            }}
          />
          <button className="link" onClick={() => void load()}>
            Refresh
          </button>
          <button
            onClick={() =>
              void download('notification', `/reports/low-stock/export?${filters}`, 'low-stock.csv')
            }
          >
            Export CSV
          </button>
        </div>
      </header>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>SKU</th>
            <th>Source</th>
            <th>Quantity</th>
            <th>Notify below</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.sku}|${item.sourceCode}`} data-low={`${item.sku}|${item.sourceCode}`}>
              <td>
                <code>{item.sku}</code>
              </td>
              <td>{item.sourceCode}</td>
              <td>{item.quantity}</td>
              <td>{item.notifyStockQty}</td>
              <td>{item.status === 'in_stock' ? 'In stock' : 'Out of stock'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="pager">
        <span>
          {total === 0
            ? 'Nothing runs low'
            : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}`}
        </span>
        <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          Previous
        </button>
        <button disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
          Next
        </button>
      </footer>
    </section>
  );
}
