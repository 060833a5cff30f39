import { FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, asApiError, call, messageOf } from '../api';
import { Field } from '../Field';
import { formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

interface PurchaseOrder {
  purchaseOrderId: string;
  status: string;
  supplierCode: string;
  sourceCode: string;
  expectedAt: string;
  lines: { sku: string; qty: number; received: number }[];
}
interface Supplier {
  code: string;
  name: string;
  leadTimeDays: number;
}
interface Suggestion {
  sku: string;
  sourceCode: string;
  available: number;
  incoming: number;
  safetyStock: number;
  dailySales: number;
  leadTimeDays: number;
  reorderPoint: number;
  suggestedQty: number;
  supplierCode: string | null;
}

const PAGE_SIZE = 20;
const STATUS_WORDS: Record<string, string> = {
  open: 'Open',
  partially_received: 'Partly received',
  received: 'Received',
  canceled: 'Canceled',
};
const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const isOpen = (order: PurchaseOrder) => order.status === 'open' || order.status === 'partially_received';
/** The day `days` from today, as the ISO date a purchase order expects. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Buying more: suppliers, what the reorder points say to buy (one click orders it), purchase
 * orders placed by hand, received in parts (the catalog's quantity rises) or canceled.
 */
export function PurchaseOrdersPage() {
  const [status, setStatus] = useState('');
  const orders = usePagedList<PurchaseOrder>(
    'replenishment',
    `/purchase-orders${status ? `?status=${status}` : ''}`,
    PAGE_SIZE,
  );
  const [suppliers, setSuppliers] = useState<Supplier[]>([]);
  const [notice, setNotice] = useState('');
  const [actionFailure, setActionFailure] = useState('');
  const [receiving, setReceiving] = useState<PurchaseOrder | undefined>();
  // The list is the read model, a moment behind the order's stream: what an action answered (the
  // order as recorded) is shown until the list has caught up.
  const [answered, setAnswered] = useState<Record<string, PurchaseOrder>>({});
  const remember = (order: PurchaseOrder) =>
    setAnswered((known) => ({ ...known, [order.purchaseOrderId]: order }));
  const loadSuppliers = useCallback(async () => {
    try {
      setSuppliers((await call<{ items: Supplier[] }>('replenishment', 'GET', '/suppliers')).items);
    } catch (error) {
      setActionFailure(messageOf(error));
    }
  }, []);
  useEffect(() => void loadSuppliers(), [loadSuppliers]);

  const placed = async (order: PurchaseOrder) => {
    remember(order);
    setNotice(`${order.purchaseOrderId} placed with ${order.supplierCode}, expected ${order.expectedAt}`);
    setActionFailure('');
    await orders.reload();
  };
  const cancel = async (order: PurchaseOrder) => {
    try {
      remember(
        await call<PurchaseOrder>(
          'replenishment',
          'POST',
          `/purchase-orders/${encodeURIComponent(order.purchaseOrderId)}/cancel`,
        ),
      );
      setNotice(`${order.purchaseOrderId} canceled: nothing more of it is incoming`);
      setActionFailure('');
      await orders.reload();
    } catch (error) {
      setActionFailure(asApiError(error).message);
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Purchase orders</h1>
        <div className="checks">
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Every status</option>
            {Object.entries(STATUS_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
          <button className="link" onClick={() => void orders.reload()}>
            Refresh
          </button>
        </div>
      </header>
      <Status failure={orders.failure || actionFailure} notice={notice} />
      <SupplierForm
        onSaved={async (supplier) => {
          setNotice(`Supplier ${supplier.code} saved (${supplier.leadTimeDays} days' lead time)`);
          await loadSuppliers();
        }}
      />
      <Suggestions suppliers={suppliers} onOrdered={placed} />
      <PlaceForm suppliers={suppliers} onPlaced={placed} />
      {receiving && (
        <ReceiveForm
          key={receiving.purchaseOrderId}
          order={receiving}
          onReceived={async (order) => {
            remember(order);
            setNotice(`${order.purchaseOrderId}: ${STATUS_WORDS[order.status]}`);
            setReceiving(undefined);
            await orders.reload();
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Purchase order</th>
            <th>Supplier → source</th>
            <th>Expected</th>
            <th>Lines (ordered · received)</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.items
            .map((listed) => answered[listed.purchaseOrderId] ?? listed)
            .map((order) => (
              <tr key={order.purchaseOrderId} data-purchase-order={order.purchaseOrderId}>
                <td>
                  <code>{order.purchaseOrderId}</code>
                </td>
                <td>
                  {order.supplierCode} → {order.sourceCode}
                </td>
                <td>{order.expectedAt}</td>
                <td>
                  {order.lines.map((line) => (
                    <div key={line.sku} data-line={line.sku}>
                      <code>{line.sku}</code> {formatQty(line.qty)} · {formatQty(line.received)}
                    </div>
                  ))}
                </td>
                <td data-status={order.status}>{STATUS_WORDS[order.status] ?? order.status}</td>
                <td>
                  {isOpen(order) && (
                    <>
                      <button onClick={() => setReceiving(order)}>Receive</button>{' '}
                      <button className="link" onClick={() => void cancel(order)}>
                        Cancel
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <Pager
        offset={orders.offset}
        pageSize={PAGE_SIZE}
        total={orders.total}
        empty="No purchase order yet"
        onOffset={orders.setOffset}
      />
    </section>
  );
}

/** What to buy now: the reorder suggestions, each ordered with one click from its last supplier (or the one chosen). */
function Suggestions(props: { suppliers: Supplier[]; onOrdered: (order: PurchaseOrder) => Promise<void> }) {
  const [items, setItems] = useState<Suggestion[]>([]);
  const [chosen, setChosen] = useState('');
  const [failure, setFailure] = useState('');
  // Ordered from this page: the suggestions follow the purchase orders a moment later, and a
  // second click must not order the same units twice meanwhile.
  const [ordered, setOrdered] = useState<ReadonlySet<string>>(new Set());
  const keyOf = (suggestion: Suggestion) => `${suggestion.sku}/${suggestion.sourceCode}`;
  const load = useCallback(async () => {
    try {
      setItems(
        (await call<{ items: Suggestion[] }>('replenishment', 'GET', '/reorder-suggestions?limit=50')).items,
      );
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  }, []);
  useEffect(() => void load(), [load]);
  const order = async (suggestion: Suggestion) => {
    const supplierCode = chosen || suggestion.supplierCode;
    setOrdered((keys) => new Set([...keys, keyOf(suggestion)]));
    try {
      const placed = await call<PurchaseOrder>('replenishment', 'POST', '/purchase-orders', {
        purchaseOrderId: newId('po'),
        supplierCode,
        sourceCode: suggestion.sourceCode,
        expectedAt: inDays(suggestion.leadTimeDays),
        lines: [{ sku: suggestion.sku, qty: suggestion.suggestedQty }],
      });
      await props.onOrdered(placed);
    } catch (error) {
      setOrdered((keys) => new Set([...keys].filter((key) => key !== keyOf(suggestion))));
      setFailure(asApiError(error).message);
    }
  };
  return (
    <div className="card" aria-label="Reorder suggestions" role="region">
      <h3>Reorder suggestions</h3>
      <p className="hint">
        Reorder point = daily sales over 28 days × the supplier&apos;s lead time + safety stock; at or below
        it, buy up to it plus 28 days of sales.{' '}
        <label>
          Order from{' '}
          <select name="supplier" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">the source&apos;s last supplier</option>
            {props.suppliers.map((supplier) => (
              <option key={supplier.code} value={supplier.code}>
                {supplier.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <button className="link" onClick={() => void load()}>
          Refresh suggestions
        </button>
      </p>
      <Status failure={failure} />
      <table>
        <thead>
          <tr>
            <th>SKU</th>
            <th>Source</th>
            <th>Available · incoming · safety</th>
            <th>Sales a day</th>
            <th>Lead time</th>
            <th>Reorder point</th>
            <th>Buy</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.sku}/${item.sourceCode}`} data-suggestion={item.sku}>
              <td>
                <code>{item.sku}</code>
              </td>
              <td>{item.sourceCode}</td>
              <td>
                {formatQty(item.available)} · {formatQty(item.incoming)} · {formatQty(item.safetyStock)}
              </td>
              <td>{formatQty(item.dailySales)}</td>
              <td>{item.leadTimeDays} days</td>
              <td>{formatQty(item.reorderPoint)}</td>
              <td>{formatQty(item.suggestedQty)}</td>
              <td>
                <button
                  onClick={() => void order(item)}
                  disabled={(!item.supplierCode && !chosen) || ordered.has(keyOf(item))}
                >
                  {ordered.has(keyOf(item)) ? 'Ordered' : 'Order'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!items.length && <p className="hint">Nothing to buy now.</p>}
    </div>
  );
}

function SupplierForm({ onSaved }: { onSaved: (supplier: Supplier) => Promise<void> }) {
  const [draft, setDraft] = useState({ code: '', name: '', leadTimeDays: '7' });
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const supplier = await call<Supplier>(
        'replenishment',
        'PUT',
        `/suppliers/${encodeURIComponent(draft.code)}`,
        {
          name: draft.name,
          leadTimeDays: Number(draft.leadTimeDays),
        },
      );
      setError(undefined);
      await onSaved(supplier);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const input = (name: keyof typeof draft, label: string, field: string) => (
    <Field label={label} field={field} error={error}>
      <input
        name={name}
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </Field>
  );
  return (
    <form className="card inline-form" aria-label="Save a supplier" onSubmit={submit}>
      <h3>Supplier</h3>
      <Status failure={error?.message} />
      {input('code', 'Code', 'code')}
      {input('name', 'Name', 'name')}
      {input('leadTimeDays', 'Lead time (days)', 'leadTimeDays')}
      <button type="submit">Save</button>
    </form>
  );
}

/** One SKU from one supplier to one source (the API takes many lines; the console orders one at a time). */
function PlaceForm(props: { suppliers: Supplier[]; onPlaced: (order: PurchaseOrder) => Promise<void> }) {
  const [draft, setDraft] = useState({
    supplier: '',
    source: 'default',
    sku: '',
    qty: '',
    expected: inDays(7),
  });
  const [purchaseOrderId, setPurchaseOrderId] = useState(() => newId('po'));
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const order = await call<PurchaseOrder>('replenishment', 'POST', '/purchase-orders', {
        purchaseOrderId,
        supplierCode: draft.supplier,
        sourceCode: draft.source,
        expectedAt: draft.expected,
        lines: [{ sku: draft.sku, qty: Number(draft.qty) }],
      });
      setError(undefined);
      setPurchaseOrderId(newId('po'));
      await props.onPlaced(order);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const input = (name: keyof typeof draft, label: string, field: string, type = 'text') => (
    <Field label={label} field={field} error={error}>
      <input
        name={name}
        type={type}
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </Field>
  );
  return (
    <form className="card inline-form" aria-label="Place a purchase order" onSubmit={submit}>
      <h3>Place a purchase order</h3>
      <Status failure={error?.message} />
      <Field label="Supplier" field="supplierCode" error={error}>
        <select
          name="supplier"
          value={draft.supplier}
          onChange={(e) => setDraft({ ...draft, supplier: e.target.value })}
        >
          <option value="">Choose…</option>
          {props.suppliers.map((supplier) => (
            <option key={supplier.code} value={supplier.code}>
              {supplier.name}
            </option>
          ))}
        </select>
      </Field>
      {input('source', 'To source', 'sourceCode')}
      {input('sku', 'SKU', 'lines.0.sku')}
      {input('qty', 'Quantity', 'lines.0.qty')}
      {input('expected', 'Expected', 'expectedAt', 'date')}
      <button type="submit">Place</button>
    </form>
  );
}

/** What arrived, per line still outstanding. */
function ReceiveForm(props: { order: PurchaseOrder; onReceived: (order: PurchaseOrder) => Promise<void> }) {
  const open = props.order.lines.filter((line) => line.received < line.qty);
  const [counts, setCounts] = useState<Record<string, string>>(
    Object.fromEntries(open.map((line) => [line.sku, String(line.qty - line.received)])),
  );
  const [receiptId] = useState(() => newId('rcv'));
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const order = await call<PurchaseOrder>(
        'replenishment',
        'POST',
        `/purchase-orders/${encodeURIComponent(props.order.purchaseOrderId)}/receipts`,
        {
          receiptId,
          // A line left at 0 (or empty) has not arrived yet.
          lines: open
            .filter((line) => Number(counts[line.sku]) !== 0)
            .map((line) => ({ sku: line.sku, qty: Number(counts[line.sku]) })),
        },
      );
      await props.onReceived(order);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  return (
    <form
      className="card inline-form"
      aria-label={`Receive ${props.order.purchaseOrderId}`}
      onSubmit={submit}
    >
      <h3>Receive {props.order.purchaseOrderId}</h3>
      <Status failure={error?.message} />
      {open.map((line, index) => (
        <Field
          key={line.sku}
          label={`${line.sku} (${formatQty(line.qty - line.received)} outstanding)`}
          field={`lines.${index}.qty`}
          error={error}
        >
          <input
            name={`qty-${line.sku}`}
            value={counts[line.sku]}
            onChange={(e) => setCounts({ ...counts, [line.sku]: e.target.value })}
          />
        </Field>
      ))}
      <button type="submit">Receive</button>
    </form>
  );
}
