import { useState } from 'react';
import { download } from '../api';
import { formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

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
  const [skuPrefix, setSkuPrefix] = useState('');
  const filters = `skuPrefix=${encodeURIComponent(skuPrefix)}&sort=quantity`;
  const { items, total, offset, setOffset, failure, reload } = usePagedList<LowStockItem>(
    'notification',
    `/reports/low-stock?${filters}`,
    PAGE_SIZE,
  );

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
            onChange={(e) => setSkuPrefix(e.target.value)}
          />
          <button className="link" onClick={() => void reload()}>
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
      <Status failure={failure} />
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
              <td>{formatQty(item.quantity)}</td>
              <td>{formatQty(item.notifyStockQty)}</td>
              <td>{item.status === 'in_stock' ? 'In stock' : 'Out of stock'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        offset={offset}
        pageSize={PAGE_SIZE}
        total={total}
        empty="Nothing runs low"
        onOffset={setOffset}
      />
    </section>
  );
}
