import { useState } from 'react';
import { formatDateTime } from '../format';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

interface Notification {
  id: string;
  kind: string;
  recipients: string[];
  subject: string;
  sku: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const PAGE_SIZE = 50;
const KINDS = ['', 'low-stock-digest', 'back-in-stock'];

/** Notifications sent: every email, to whom, when, and why one was not delivered. */
export function NotificationsPage() {
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const { items, total, offset, setOffset, failure, reload } = usePagedList<Notification>(
    'notification',
    `/notifications?${new URLSearchParams(Object.entries({ kind, status }).filter(([, value]) => value))}`,
    PAGE_SIZE,
  );

  return (
    <section>
      <header className="page-header">
        <h1>Notifications</h1>
        <div className="checks">
          <select name="kind" aria-label="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k ? k.replaceAll('-', ' ') : 'Every kind'}
              </option>
            ))}
          </select>
          <select
            name="status"
            aria-label="status"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">Every status</option>
            <option value="sent">Sent</option>
            <option value="pending">Pending</option>
            <option value="failed">Failed</option>
          </select>
          <button className="link" onClick={() => void reload()}>
            Refresh
          </button>
        </div>
      </header>
      <Status failure={failure} />
      <table>
        <thead>
          <tr>
            <th>Created</th>
            <th>Kind</th>
            <th>SKU</th>
            <th>To</th>
            <th>Subject</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((n) => (
            <tr key={n.id} data-notification={n.id} data-sku={n.sku ?? ''}>
              <td>{formatDateTime(n.createdAt)}</td>
              <td>{n.kind.replaceAll('-', ' ')}</td>
              <td>{n.sku ? <code>{n.sku}</code> : '—'}</td>
              <td>{n.recipients.join(', ')}</td>
              <td>{n.subject}</td>
              <td title={n.lastError ?? undefined}>
                <span className={n.status === 'sent' ? 'badge on' : 'badge off'}>{n.status}</span>
                {n.status !== 'sent' && n.attempts > 0 && (
                  <small className="muted">
                    {' '}
                    {n.attempts} attempt(s){n.lastError ? `: ${n.lastError}` : ''}
                  </small>
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
        empty="Nothing sent yet"
        onOffset={setOffset}
      />
    </section>
  );
}
