import { formatDateTime, formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

interface DemandRow {
  sku: string;
  salesChannel: string;
  activeSubscribers: number;
  waitingSince: string | null;
  restocks: number;
  notifiedSubscribers: number;
  lastRestockedAt: string | null;
  averageDaysToRestock: number | null;
}

const PAGE_SIZE = 50;

/** The SKUs shoppers wait for, per channel (the weekly review of seed 000): most waiting first. */
export function DemandPage() {
  const { items, total, offset, setOffset, failure, reload } = usePagedList<DemandRow>(
    'notification',
    '/reports/back-in-stock-demand',
    PAGE_SIZE,
  );
  return (
    <section>
      <header className="page-header">
        <h1>Back in stock</h1>
        <button className="link" onClick={() => void reload()}>
          Refresh
        </button>
      </header>
      <Status failure={failure} />
      <table>
        <thead>
          <tr>
            <th>SKU</th>
            <th>Channel</th>
            <th>Waiting</th>
            <th>Since</th>
            <th>Restocks (shoppers told)</th>
            <th>Last restocked</th>
            <th>Days to restock</th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={`${row.sku}/${row.salesChannel}`} data-demand={row.sku}>
              <td>
                <code>{row.sku}</code>
              </td>
              <td>{row.salesChannel}</td>
              <td>{row.activeSubscribers}</td>
              <td>{formatDateTime(row.waitingSince)}</td>
              <td>
                {row.restocks} ({row.notifiedSubscribers})
              </td>
              <td>{formatDateTime(row.lastRestockedAt)}</td>
              <td>{row.averageDaysToRestock === null ? '—' : formatQty(row.averageDaysToRestock)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        offset={offset}
        pageSize={PAGE_SIZE}
        total={total}
        empty="Nobody is waiting"
        onOffset={setOffset}
      />
    </section>
  );
}
