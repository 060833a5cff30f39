import { useEffect, useState } from 'react';
import { call, messageOf } from '../api';
import { formatQty } from '../format';
import { Status } from '../Status';

interface Incoming {
  sku: string;
  sourceCode: string;
  qty: number;
  expectedAt: string | null;
  purchaseOrderId?: string;
  transferId?: string;
}

/** What is on its way for the SKU: open purchase orders and transfers in transit, soonest first. */
export function IncomingCard({ sku }: { sku: string }) {
  const [items, setItems] = useState<Incoming[]>([]);
  const [failure, setFailure] = useState('');
  useEffect(() => {
    call<{ items: Incoming[] }>('replenishment', 'GET', `/incoming?sku=${encodeURIComponent(sku)}`)
      .then((answer) => {
        setItems(answer.items);
        setFailure('');
      })
      .catch((error) => setFailure(messageOf(error)));
  }, [sku]);
  return (
    <div className="card" role="region" aria-label="Incoming">
      <h2>Incoming</h2>
      <Status failure={failure} />
      {items.length ? (
        <table>
          <thead>
            <tr>
              <th>Source</th>
              <th>Units</th>
              <th>Expected</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.purchaseOrderId ?? item.transferId}/${item.sourceCode}`}>
                <td>{item.sourceCode}</td>
                <td>{formatQty(item.qty)}</td>
                <td>{item.expectedAt ?? '—'}</td>
                <td>
                  {item.purchaseOrderId
                    ? `purchase order ${item.purchaseOrderId}`
                    : `transfer ${item.transferId}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">Nothing on its way.</p>
      )}
    </div>
  );
}
