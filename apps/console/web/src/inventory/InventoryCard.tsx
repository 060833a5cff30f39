import { FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, asApiError, call, messageOf } from '../api';
import { Field } from '../Field';
import { formatDateTime, formatQty } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';
import {
  InventoryStateName,
  REASON_LABELS,
  STATE_FIELDS,
  STATE_LABELS,
  causeInWords,
} from './inventory-words';

interface SourceItem {
  sourceCode: string;
  quantity: number;
  damaged: number;
  qualityControl: number;
  safetyStock: number;
  status: string;
}
interface Movement {
  at: string;
  sourceCode: string;
  state: string;
  delta: number;
  quantityAfter: number;
  cause: string;
  reason: string;
  referenceDocument: string | null;
  documentId: string | null;
}

const STATES = Object.keys(STATE_FIELDS) as InventoryStateName[];
const MOVEMENTS_PAGE = 20;
const newAdjustmentId = () => `console-${crypto.randomUUID()}`;

/**
 * The SKU at each source in every state, a form to adjust them with a reason (a move is units out
 * of one state into another), and the movement log that says what changed each number.
 */
export function InventoryCard({ sku }: { sku: string }) {
  const [items, setItems] = useState<SourceItem[]>([]);
  const [failure, setFailure] = useState('');
  const movements = usePagedList<Movement>(
    'catalog',
    `/source-items/movements?sku=${encodeURIComponent(sku)}`,
    MOVEMENTS_PAGE,
  );
  const reloadMovements = movements.reload;
  const reload = useCallback(async () => {
    try {
      setItems(
        (
          await call<{ items: SourceItem[] }>(
            'catalog',
            'GET',
            `/source-items?sku=${encodeURIComponent(sku)}`,
          )
        ).items,
      );
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
    await reloadMovements();
  }, [sku, reloadMovements]);
  useEffect(() => void reload(), [reload]);

  return (
    <>
      <div className="card" aria-label="Inventory">
        <h2>Inventory at each source</h2>
        <Status failure={failure} />
        <table>
          <thead>
            <tr>
              <th>Source</th>
              {STATES.map((state) => (
                <th key={state}>{STATE_LABELS[state]}</th>
              ))}
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.sourceCode} data-states={item.sourceCode}>
                <td>{item.sourceCode}</td>
                {STATES.map((state) => (
                  <td key={state} data-state={state}>
                    {formatQty(item[STATE_FIELDS[state]])}
                  </td>
                ))}
                <td>{item.status === 'in_stock' ? 'In stock' : 'Out of stock'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && <p className="muted">Not at any source yet.</p>}
        <AdjustForm sku={sku} items={items} onAdjusted={reload} />
      </div>
      <div className="card" aria-label="Movements">
        <h2>
          Movements{' '}
          <button className="link" onClick={() => void reload()}>
            Refresh
          </button>
        </h2>
        <Status failure={movements.failure} />
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Source</th>
              <th>State</th>
              <th>Change</th>
              <th>After</th>
              <th>Why</th>
              <th>Reference</th>
            </tr>
          </thead>
          <tbody>
            {movements.items.map((movement, index) => (
              <tr key={`${movement.at}|${index}`} data-movement={`${movement.sourceCode}|${movement.state}`}>
                <td>{formatDateTime(movement.at)}</td>
                <td>{movement.sourceCode}</td>
                <td>{STATE_LABELS[movement.state] ?? movement.state}</td>
                <td data-delta>
                  {movement.delta > 0 ? `+${formatQty(movement.delta)}` : formatQty(movement.delta)}
                </td>
                <td>{formatQty(movement.quantityAfter)}</td>
                <td>{causeInWords(movement.cause, movement.reason)}</td>
                <td>
                  {movement.referenceDocument ?? ''}
                  {movement.documentId && (
                    <div>
                      <small className="hint">{movement.documentId}</small>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager
          offset={movements.offset}
          pageSize={MOVEMENTS_PAGE}
          total={movements.total}
          empty="No movement yet"
          onOffset={movements.setOffset}
        />
      </div>
    </>
  );
}

/**
 * Units out of one state, into another, or both (a move). What leaves a state is guarded by the
 * quantity shown here: if it changed meanwhile, the catalog refuses and the page says so.
 */
function AdjustForm(props: { sku: string; items: SourceItem[]; onAdjusted: () => Promise<void> }) {
  const [draft, setDraft] = useState({
    sourceCode: '',
    units: '',
    from: '',
    to: '',
    reason: 'correction',
    reference: '',
  });
  // One id per adjustment: a second click on the same form is the same adjustment, applied once.
  const [adjustmentId, setAdjustmentId] = useState(newAdjustmentId);
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const sourceCode = draft.sourceCode || props.items[0]?.sourceCode || '';
  const shown = props.items.find((item) => item.sourceCode === sourceCode);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const units = Number(draft.units);
    const changes = [
      ...(draft.from
        ? [
            {
              sku: props.sku,
              sourceCode,
              state: draft.from,
              delta: -units,
              ...(shown ? { compareQuantity: shown[STATE_FIELDS[draft.from as InventoryStateName]] } : {}),
            },
          ]
        : []),
      ...(draft.to ? [{ sku: props.sku, sourceCode, state: draft.to, delta: units }] : []),
    ];
    if (!changes.length) {
      setError(new ApiError(400, 'no_change', 'Choose where the units come from, where they go, or both'));
      return;
    }
    try {
      await call('catalog', 'POST', '/adjustments', {
        adjustmentId,
        reason: draft.reason,
        ...(draft.reference ? { referenceDocument: draft.reference } : {}),
        changes,
      });
      setError(undefined);
      setNotice(`Adjusted ${formatQty(units)} at ${sourceCode}`);
      setAdjustmentId(newAdjustmentId());
      await props.onAdjusted();
    } catch (failure) {
      setNotice('');
      setError(asApiError(failure));
    }
  };
  const stateChoice = (name: 'from' | 'to', none: string) => (
    <select name={name} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}>
      <option value="">{none}</option>
      {STATES.map((state) => (
        <option key={state} value={state}>
          {STATE_LABELS[state]}
        </option>
      ))}
    </select>
  );

  return (
    <form className="inline-form" aria-label="Adjust" onSubmit={submit}>
      <h3>Adjust</h3>
      <Status failure={error?.message} notice={notice} />
      <Field label="Source" field="changes.0.sourceCode" error={error}>
        <select
          name="sourceCode"
          value={sourceCode}
          onChange={(e) => setDraft({ ...draft, sourceCode: e.target.value })}
        >
          {props.items.map((item) => (
            <option key={item.sourceCode} value={item.sourceCode}>
              {item.sourceCode}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Units" field="changes.0.delta" error={error}>
        <input
          name="units"
          inputMode="decimal"
          value={draft.units}
          onChange={(e) => setDraft({ ...draft, units: e.target.value })}
        />
      </Field>
      <Field label="Out of" field="changes.0.compareQuantity" error={error}>
        {stateChoice('from', '— (found, received)')}
      </Field>
      <Field label="Into" field="changes.1.delta" error={error}>
        {stateChoice('to', '— (lost, thrown away)')}
      </Field>
      <Field label="Reason" field="reason" error={error}>
        <select
          name="reason"
          value={draft.reason}
          onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
        >
          {Object.entries(REASON_LABELS).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Reference" field="referenceDocument" error={error}>
        <input
          name="reference"
          value={draft.reference}
          onChange={(e) => setDraft({ ...draft, reference: e.target.value })}
        />
      </Field>
      <button type="submit">Adjust</button>
    </form>
  );
}
