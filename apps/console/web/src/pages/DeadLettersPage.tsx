import { useCallback, useEffect, useState } from 'react';
import { Service, call, messageOf } from '../api';
import { formatDateTime } from '../format';
import { Status } from '../Status';

interface DeadLetter {
  id: string;
  topic: string;
  originalPartition: number;
  originalOffset: string;
  redriveCount: number;
  key: string | null;
  eventId: string | null;
  eventType: string | null;
  consumerGroup: string;
  reason: string;
  error: string;
  attempts: number;
  failedAt: string;
  value: string | null;
}

const SERVICES: Service[] = ['catalog', 'reservation', 'fulfillment', 'notification', 'replenishment'];
const letterId = (service: Service, l: DeadLetter) => `${service}|${l.id}`;

/**
 * Ops: the messages each service's consumers could not handle (with why), and their re-drive to
 * the original topic once the cause is fixed. Every service answers for its own consumer groups.
 */
export function DeadLettersPage() {
  const [letters, setLetters] = useState<{ service: Service; letter: DeadLetter }[]>([]);
  const [totals, setTotals] = useState<Partial<Record<Service, number>>>({});
  const [expanded, setExpanded] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState('');
  const [loading, setLoading] = useState(false);

  // One load at a time: the newest 200 letters of each service, from its database.
  const load = useCallback(async () => {
    setLoading(true);
    try {
      const answers = await Promise.all(
        SERVICES.map(async (service) => ({
          service,
          page: await call<{ items: DeadLetter[]; total: number }>(service, 'GET', '/dead-letters?limit=200'),
        })),
      );
      setTotals(Object.fromEntries(answers.map(({ service, page }) => [service, page.total])));
      setLetters(
        answers
          .flatMap(({ service, page }) => page.items.map((letter) => ({ service, letter })))
          .sort((a, b) => b.letter.failedAt.localeCompare(a.letter.failedAt)),
      );
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => void load(), [load]);

  const redrive = async (service: Service, letter: DeadLetter) => {
    try {
      await call(service, 'POST', `/dead-letters/${letter.id}/redrive`);
      setNotice(
        `Re-driven to ${letter.topic}: ${letter.eventType ?? 'message'} ${letter.eventId ?? letter.key ?? ''}`,
      );
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Dead letters</h1>
        <div className="checks">
          <span className="muted">
            {SERVICES.map((service) => `${service} ${totals[service] ?? '…'}`).join(' · ')}
          </span>
          <button className="link" disabled={loading} onClick={() => void load()}>
            {loading ? 'Loading…' : 'Refresh'}
          </button>
        </div>
      </header>
      <Status failure={failure} notice={notice} />
      <table>
        <thead>
          <tr>
            <th>Failed</th>
            <th>Service / group</th>
            <th>Topic</th>
            <th>Event</th>
            <th>Reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {letters.map(({ service, letter }) => {
            const id = letterId(service, letter);
            return (
              <tr key={id} data-letter={letter.eventId ?? id}>
                <td>{formatDateTime(letter.failedAt)}</td>
                <td>
                  {service}
                  <br />
                  <small className="muted">{letter.consumerGroup}</small>
                </td>
                <td>
                  {letter.topic}
                  <br />
                  <small className="muted">
                    partition {letter.originalPartition} offset {letter.originalOffset}
                    {letter.redriveCount > 0 && ` · re-driven ${letter.redriveCount}×`}
                  </small>
                </td>
                <td>
                  {letter.eventType ?? '—'}
                  <br />
                  <small className="muted">{letter.key ?? ''}</small>
                </td>
                <td>
                  <span className="badge off">{letter.reason}</span> {letter.error}
                  {expanded === id && <pre className="payload">{letter.value}</pre>}
                </td>
                <td className="actions">
                  <button className="link" onClick={() => setExpanded(expanded === id ? undefined : id)}>
                    {expanded === id ? 'Hide' : 'Message'}
                  </button>
                  <button onClick={() => void redrive(service, letter)}>Re-drive</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {letters.length === 0 && <p className="muted">No dead letters: every message was handled.</p>}
    </section>
  );
}
