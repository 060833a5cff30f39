import { FormEvent, useState } from 'react';
import { ApiError, asApiError, call } from '../api';
import { Field } from '../Field';
import { formatDateTime, formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

interface TransferItem {
  sku: string;
  qty: number;
  received: number;
  damaged: number;
  returned: number;
  inTransit: number;
}
interface Transfer {
  transferId: string;
  status: string;
  fromSourceCode: string;
  toSourceCode: string;
  expectedAt: string | null;
  createdAt?: string;
  items: TransferItem[];
}

const PAGE_SIZE = 20;
const STATUS_WORDS: Record<string, string> = {
  in_transit: 'In transit',
  partially_received: 'Partly received',
  received: 'Received',
  canceled: 'Canceled',
};
const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const isOpen = (transfer: Transfer) =>
  transfer.status === 'in_transit' || transfer.status === 'partially_received';

/**
 * Transfers between sources: the units leave the origin when shipped and are in transit until
 * received (in parts, damaged units apart) or canceled (what is in transit goes back).
 */
export function TransfersPage() {
  const [status, setStatus] = useState('');
  const { items, total, offset, setOffset, failure, reload } = usePagedList<Transfer>(
    'catalog',
    `/transfers${status ? `?status=${status}` : ''}`,
    PAGE_SIZE,
  );
  const [notice, setNotice] = useState('');
  const [actionFailure, setActionFailure] = useState('');
  const [receiving, setReceiving] = useState<Transfer | undefined>();

  const cancel = async (transfer: Transfer) => {
    try {
      await call('catalog', 'POST', `/transfers/${encodeURIComponent(transfer.transferId)}/cancel`);
      setNotice(`${transfer.transferId} canceled: what was in transit is back at ${transfer.fromSourceCode}`);
      setActionFailure('');
      await reload();
    } catch (error) {
      setActionFailure(asApiError(error).message);
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Transfers</h1>
        <div className="checks">
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Every status</option>
            {Object.entries(STATUS_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
          <button className="link" onClick={() => void reload()}>
            Refresh
          </button>
        </div>
      </header>
      <Status failure={failure || actionFailure} notice={notice} />
      <ShipForm
        onShipped={async (transfer) => {
          setNotice(`${transfer.transferId} in transit to ${transfer.toSourceCode}`);
          await reload();
        }}
      />
      {receiving && (
        <ReceiveForm
          key={receiving.transferId}
          transfer={receiving}
          onReceived={async (transfer) => {
            setNotice(`${transfer.transferId}: ${STATUS_WORDS[transfer.status]}`);
            setReceiving(undefined);
            await reload();
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Transfer</th>
            <th>From → to</th>
            <th>Expected</th>
            <th>Items (shipped · received · damaged · in transit)</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((transfer) => (
            <tr key={transfer.transferId} data-transfer={transfer.transferId}>
              <td>
                <code>{transfer.transferId}</code>
                <div>
                  <small className="hint">{formatDateTime(transfer.createdAt)}</small>
                </div>
              </td>
              <td>
                {transfer.fromSourceCode} → {transfer.toSourceCode}
              </td>
              <td>{formatDateTime(transfer.expectedAt)}</td>
              <td>
                {transfer.items.map((item) => (
                  <div key={item.sku} data-line={item.sku}>
                    <code>{item.sku}</code> {formatQty(item.qty)} · {formatQty(item.received)} ·{' '}
                    {formatQty(item.damaged)} · {formatQty(item.inTransit)}
                  </div>
                ))}
              </td>
              <td data-status={transfer.status}>{STATUS_WORDS[transfer.status] ?? transfer.status}</td>
              <td>
                {isOpen(transfer) && (
                  <>
                    <button onClick={() => setReceiving(transfer)}>Receive</button>{' '}
                    <button className="link" onClick={() => void cancel(transfer)}>
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
        offset={offset}
        pageSize={PAGE_SIZE}
        total={total}
        empty="No transfer yet"
        onOffset={setOffset}
      />
    </section>
  );
}

/** One SKU from one source to another (the API takes many lines; the console ships one at a time). */
function ShipForm({ onShipped }: { onShipped: (transfer: Transfer) => Promise<void> }) {
  const [draft, setDraft] = useState({ from: '', to: '', sku: '', qty: '', expected: '' });
  const [transferId, setTransferId] = useState(() => newId('tr'));
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const transfer = await call<Transfer>('catalog', 'POST', '/transfers', {
        transferId,
        fromSourceCode: draft.from,
        toSourceCode: draft.to,
        items: [{ sku: draft.sku, qty: Number(draft.qty) }],
        ...(draft.expected ? { expectedAt: new Date(draft.expected).toISOString() } : {}),
      });
      setError(undefined);
      setTransferId(newId('tr'));
      await onShipped(transfer);
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
    <form className="card inline-form" aria-label="Ship a transfer" onSubmit={submit}>
      <h3>Ship a transfer</h3>
      <Status failure={error?.message} />
      {input('from', 'From source', 'fromSourceCode')}
      {input('to', 'To source', 'toSourceCode')}
      {input('sku', 'SKU', 'items.0.sku')}
      {input('qty', 'Quantity', 'items.0.qty')}
      {input('expected', 'Expected', 'expectedAt', 'date')}
      <button type="submit">Ship</button>
    </form>
  );
}

/** What arrived, per line still in transit: good units and damaged ones. */
function ReceiveForm(props: { transfer: Transfer; onReceived: (transfer: Transfer) => Promise<void> }) {
  const open = props.transfer.items.filter((item) => item.inTransit > 0);
  const [counts, setCounts] = useState<Record<string, { qty: string; damaged: string }>>(
    Object.fromEntries(open.map((item) => [item.sku, { qty: String(item.inTransit), damaged: '0' }])),
  );
  const [receiptId] = useState(() => newId('rcv'));
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const transfer = await call<Transfer>(
        'catalog',
        'POST',
        `/transfers/${encodeURIComponent(props.transfer.transferId)}/receipts`,
        {
          receiptId,
          items: open.map((item) => ({
            sku: item.sku,
            qty: Number(counts[item.sku].qty),
            damaged: Number(counts[item.sku].damaged),
          })),
        },
      );
      await props.onReceived(transfer);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  return (
    <form className="card inline-form" aria-label={`Receive ${props.transfer.transferId}`} onSubmit={submit}>
      <h3>Receive {props.transfer.transferId}</h3>
      <Status failure={error?.message} />
      {open.map((item, index) => (
        <div key={item.sku} className="inline-form">
          <code>{item.sku}</code> ({formatQty(item.inTransit)} in transit)
          <Field label="Good" field={`items.${index}.qty`} error={error}>
            <input
              name={`qty-${item.sku}`}
              value={counts[item.sku].qty}
              onChange={(e) =>
                setCounts({ ...counts, [item.sku]: { ...counts[item.sku], qty: e.target.value } })
              }
            />
          </Field>
          <Field label="Damaged" field={`items.${index}.damaged`} error={error}>
            <input
              name={`damaged-${item.sku}`}
              value={counts[item.sku].damaged}
              onChange={(e) =>
                setCounts({ ...counts, [item.sku]: { ...counts[item.sku], damaged: e.target.value } })
              }
            />
          </Field>
        </div>
      ))}
      <button type="submit">Receive</button>
    </form>
  );
}
