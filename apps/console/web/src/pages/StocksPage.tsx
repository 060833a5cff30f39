import { FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, call, asApiError } from '../api';
import { Field } from '../Field';
import { Status } from '../Status';

interface Stock {
  stockId: number;
  name: string;
  sourceLinks: { sourceCode: string; priority: number }[];
  salesChannels: string[];
}

/** Stores > Inventory > Stocks: each stock's sources in priority order and its sales channels. */
export function StocksPage() {
  const [stocks, setStocks] = useState<Stock[] | undefined>();
  const [sources, setSources] = useState<string[]>([]);
  const [editing, setEditing] = useState<{ stock: Stock; isNew: boolean } | undefined>();
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    const [stockList, sourceList] = await Promise.all([
      call<{ items: Stock[] }>('catalog', 'GET', '/stocks'),
      call<{ items: { code: string }[] }>('catalog', 'GET', '/sources?limit=1000'),
    ]);
    setStocks(stockList.items);
    setSources(sourceList.items.map((source) => source.code));
  }, []);

  useEffect(() => void load(), [load]);

  // Proposed once the list is in (before, 1 would be proposed, and the Default Stock is 1).
  const nextId = Math.max(0, ...(stocks ?? []).map((stock) => stock.stockId)) + 1;
  return (
    <section>
      <header className="page-header">
        <h1>Stocks</h1>
        <button
          disabled={!stocks}
          onClick={() =>
            setEditing({
              stock: { stockId: nextId, name: '', sourceLinks: [], salesChannels: [] },
              isNew: true,
            })
          }
        >
          Add stock
        </button>
      </header>
      <Status notice={notice} />
      {editing && (
        <StockForm
          key={editing.stock.stockId}
          initial={editing.stock}
          isNew={editing.isNew}
          sources={sources}
          onCancel={() => setEditing(undefined)}
          onSaved={async (stock) => {
            setEditing(undefined);
            setNotice(`Stock ${stock.stockId} saved`);
            await load();
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Sources, by priority</th>
            <th>Sales channels</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(stocks ?? []).map((stock) => (
            <tr key={stock.stockId} data-stock={stock.stockId}>
              <td>{stock.stockId}</td>
              <td>{stock.name}</td>
              <td>{stock.sourceLinks.map((link) => link.sourceCode).join(' → ')}</td>
              <td>{stock.salesChannels.join(', ')}</td>
              <td className="actions">
                <button className="link" onClick={() => setEditing({ stock, isNew: false })}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StockForm(props: {
  initial: Stock;
  isNew: boolean;
  sources: string[];
  onCancel: () => void;
  onSaved: (stock: Stock) => Promise<void>;
}) {
  const [stockId, setStockId] = useState(String(props.initial.stockId));
  const [name, setName] = useState(props.initial.name);
  const [links, setLinks] = useState(props.initial.sourceLinks.map((link) => link.sourceCode));
  const [channels, setChannels] = useState(props.initial.salesChannels.join(', '));
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const unlinked = props.sources.filter((code) => !links.includes(code));

  // Up and down arrows: the order is the priority source selection tries them in.
  const move = (index: number, by: -1 | 1) => {
    const next = [...links];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setLinks(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = {
        name,
        sourceLinks: links.map((sourceCode, index) => ({ sourceCode, priority: index + 1 })),
        salesChannels: channels
          .split(',')
          .map((channel) => channel.trim())
          .filter(Boolean),
      };
      // A new stock is created, never put over one that has this id (If-None-Match: *, a 412 if taken).
      const saved = await call<Stock>(
        'catalog',
        'PUT',
        `/stocks/${encodeURIComponent(stockId)}`,
        body,
        props.isNew ? { 'if-none-match': '*' } : {},
      );
      await props.onSaved(saved);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  return (
    <form
      className="card"
      onSubmit={submit}
      aria-label={props.isNew ? 'New stock' : `Edit stock ${props.initial.stockId}`}
    >
      <h2>{props.isNew ? 'New stock' : `Edit stock ${props.initial.stockId}`}</h2>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <div className="grid">
        <Field label="Id" field="id" error={error}>
          <input
            name="stockId"
            value={stockId}
            disabled={!props.isNew}
            onChange={(e) => setStockId(e.target.value)}
          />
        </Field>
        <Field label="Name" field="name" error={error}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Sales channels (comma separated)" field="salesChannels" error={error}>
          <input name="salesChannels" value={channels} onChange={(e) => setChannels(e.target.value)} />
        </Field>
      </div>
      <Field label="Sources, highest priority first" field="sourceLinks" error={error}>
        <ol className="links">
          {links.map((code, index) => (
            <li key={code} data-link={code}>
              <code>{code}</code>
              <button
                type="button"
                className="link"
                aria-label={`Move ${code} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="link"
                aria-label={`Move ${code} down`}
                disabled={index === links.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="link"
                aria-label={`Unlink ${code}`}
                onClick={() => setLinks(links.filter((link) => link !== code))}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
      </Field>
      <div className="checks">
        <select name="addSource" value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">Link a source…</option>
          {unlinked.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!adding}
          onClick={() => {
            setLinks([...links, adding]);
            setAdding('');
          }}
        >
          Link
        </button>
      </div>
      <div className="buttons">
        <button type="submit">Save</button>
        <button type="button" className="link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
