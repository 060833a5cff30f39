import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call, follow, messageOf, asApiError } from '../api';
import { Field } from '../Field';
import { formatQty } from '../format';
import { navigate } from '../navigate';
import { Pager } from '../Pager';
import { Status } from '../Status';

interface Product {
  sku: string;
  sources: { sourceCode: string; quantity: number; status: string; notifyStockQty: number | null }[];
}
interface Stock {
  stockId: number;
  name: string;
}
/** What the reservation service says of a SKU in a stock (and SalableQuantityChanged carries). */
interface Salable {
  stockId: number;
  sku: string;
  salableQty: number | null;
  isSalable: boolean;
}

const PAGE_SIZE = 20;
const cell = (sku: string, stockId: number) => `${sku}|${stockId}`;

/**
 * Catalog > Products: each SKU's quantity and status at every source, its salable quantity in every
 * stock (live: it changes on screen as SalableQuantityChanged arrives) and whether it runs low.
 */
export function ProductsPage() {
  const [products, setProducts] = useState<Product[]>([]);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [prefix, setPrefix] = useState('');
  const [stocks, setStocks] = useState<Stock[]>([]);
  const [sources, setSources] = useState<string[]>([]);
  const [salable, setSalable] = useState<Record<string, Salable>>({});
  const [low, setLow] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState('');
  /** When each cell last changed live: a figure fetched before that is older than what is shown. */
  const liveAt = useRef(new Map<string, number>());

  const load = useCallback(async () => {
    const requestedAt = Date.now();
    try {
      const [page, stockList, sourceList] = await Promise.all([
        call<{ items: Product[]; total: number }>(
          'catalog',
          'GET',
          `/products?limit=${PAGE_SIZE}&offset=${offset}&skuPrefix=${encodeURIComponent(prefix)}`,
        ),
        call<{ items: Stock[] }>('catalog', 'GET', '/stocks'),
        call<{ items: { code: string }[] }>('catalog', 'GET', '/sources?limit=1000'),
      ]);
      setProducts(page.items);
      setTotal(page.total);
      setStocks(stockList.items);
      setSources(sourceList.items.map((source) => source.code));
      const figures = await Promise.all(
        page.items.flatMap((product) =>
          stockList.items.map((stock) =>
            call<Salable>(
              'reservation',
              'GET',
              `/stocks/${stock.stockId}/skus/${encodeURIComponent(product.sku)}/salable`,
            ).catch(() => undefined),
          ),
        ),
      );
      setSalable((current) =>
        Object.fromEntries(
          figures.flatMap((figure) => {
            if (!figure) return [];
            const key = cell(figure.sku, figure.stockId);
            const fresher = (liveAt.current.get(key) ?? 0) >= requestedAt;
            return [[key, fresher ? current[key] : figure]];
          }),
        ),
      );
      const lowItems = await call<{ items: { sku: string }[] }>(
        'notification',
        'GET',
        `/reports/low-stock?limit=1000&skuPrefix=${encodeURIComponent(prefix)}`,
      );
      setLow(new Set(lowItems.items.map((item) => item.sku)));
      setFailure('');
    } catch (error) {
      setFailure(messageOf(error));
    }
  }, [offset, prefix]);

  useEffect(() => void load(), [load]);

  // Live salable quantities, pushed by the reservation service.
  useEffect(
    () =>
      follow('reservation', '/salable-changes', (type, data) => {
        if (type !== 'salable') return;
        const change = data as Salable;
        const key = cell(change.sku, change.stockId);
        liveAt.current.set(key, Date.now());
        setSalable((current) => ({ ...current, [key]: change }));
      }),
    [],
  );

  const setQuantity = async (sku: string, sourceCode: string, quantity: number) => {
    try {
      await call('catalog', 'POST', '/source-items', {
        items: [{ sku, sourceCode, quantity, status: quantity > 0 ? 'in_stock' : 'out_of_stock' }],
      });
      await load();
    } catch (error) {
      setFailure(messageOf(error));
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Products</h1>
        <input
          className="search"
          name="skuPrefix"
          placeholder="SKU starts with…"
          value={prefix}
          onChange={(event) => {
            setOffset(0);
            setPrefix(event.target.value);
          }}
        />
      </header>
      <Status failure={failure} />
      <AddQuantity sources={sources} onSaved={load} />
      {selected.size > 0 && (
        <BulkActions
          products={products.filter((product) => selected.has(product.sku))}
          sources={sources}
          onDone={load}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="select all"
                checked={products.length > 0 && products.every((product) => selected.has(product.sku))}
                onChange={(event) =>
                  setSelected(new Set(event.target.checked ? products.map((product) => product.sku) : []))
                }
              />
            </th>
            <th>SKU</th>
            {sources.map((code) => (
              <th key={code}>{code}</th>
            ))}
            {stocks.map((stock) => (
              <th key={stock.stockId}>Salable: {stock.name}</th>
            ))}
            <th>Low stock</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.sku} data-sku={product.sku}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`select ${product.sku}`}
                  checked={selected.has(product.sku)}
                  onChange={() => {
                    const next = new Set(selected);
                    if (!next.delete(product.sku)) next.add(product.sku);
                    setSelected(next);
                  }}
                />
              </td>
              <td>
                <a
                  href={`/products/${encodeURIComponent(product.sku)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/products/${encodeURIComponent(product.sku)}`);
                  }}
                >
                  <code>{product.sku}</code>
                </a>
              </td>
              {sources.map((code) => {
                const item = product.sources.find((source) => source.sourceCode === code);
                return (
                  <td key={code} data-source={code}>
                    {item ? (
                      <QuantityInput
                        item={item}
                        onChange={(quantity) => void setQuantity(product.sku, code, quantity)}
                      />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                );
              })}
              {stocks.map((stock) => {
                const figure = salable[cell(product.sku, stock.stockId)];
                return (
                  <td key={stock.stockId} data-salable={stock.stockId}>
                    {figure ? formatQty(figure.salableQty) : ''}
                  </td>
                );
              })}
              <td>{low.has(product.sku) ? <span className="badge off">Low</span> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} pageSize={PAGE_SIZE} total={total} empty="No products" onOffset={setOffset} />
    </section>
  );
}

/** A quantity edited in place: saved on Enter or when the field is left. */
function QuantityInput(props: { item: Product['sources'][number]; onChange: (quantity: number) => void }) {
  const [text, setText] = useState(String(props.item.quantity));
  useEffect(() => setText(String(props.item.quantity)), [props.item.quantity]);
  const save = () => {
    const quantity = Number(text);
    if (text.trim() !== '' && quantity !== props.item.quantity) props.onChange(quantity);
  };
  return (
    <span className={props.item.status === 'in_stock' ? 'qty' : 'qty out'}>
      <input
        name="quantity"
        aria-label="quantity"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={save}
        onKeyDown={(event) => event.key === 'Enter' && save()}
      />
      {props.item.status === 'in_stock' ? '' : ' out'}
    </span>
  );
}

/** Puts a quantity of a SKU at a source (a new SKU, or a source it was not at). */
function AddQuantity(props: { sources: string[]; onSaved: () => Promise<void> }) {
  const [sku, setSku] = useState('');
  const [sourceCode, setSourceCode] = useState('');
  const [quantity, setQuantity] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const qty = Number(quantity);
      await call('catalog', 'POST', '/source-items', {
        items: [{ sku, sourceCode, quantity: qty, status: qty > 0 ? 'in_stock' : 'out_of_stock' }],
      });
      setError(undefined);
      setSku('');
      setQuantity('');
      await props.onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  return (
    <form className="card inline" onSubmit={submit} aria-label="Set a quantity">
      <Field label="SKU" field="items.0.sku" error={error}>
        <input name="sku" value={sku} onChange={(e) => setSku(e.target.value)} />
      </Field>
      <Field label="Source" field="items.0.sourceCode" error={error}>
        <select name="sourceCode" value={sourceCode} onChange={(e) => setSourceCode(e.target.value)}>
          <option value="">Choose…</option>
          <SourceOptions codes={props.sources} />
        </select>
      </Field>
      <Field label="Quantity" field="items.0.quantity" error={error}>
        <input name="newQuantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      </Field>
      <button type="submit">Set quantity</button>
    </form>
  );
}

type BulkAction = 'quantity' | 'in_stock' | 'out_of_stock' | 'unassign';

/** One change for every selected SKU at one source: a quantity, a status, or unassigning them. */
function BulkActions(props: { products: Product[]; sources: string[]; onDone: () => Promise<void> }) {
  const [sourceCode, setSourceCode] = useState(props.sources[0] ?? '');
  const [action, setAction] = useState<BulkAction>('quantity');
  const [quantity, setQuantity] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState('');
  const skus = props.products.map((product) => product.sku);
  const at = (product: Product) => product.sources.find((source) => source.sourceCode === sourceCode);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (action === 'unassign') {
        const items = props.products.filter(at).map(({ sku }) => ({ sku, sourceCode }));
        await call('catalog', 'DELETE', '/source-items', { items });
        setDone(`${items.length} SKU(s) unassigned from ${sourceCode}`);
      } else {
        // A status keeps each quantity; the SKUs that are not at the source have none to keep.
        const items =
          action === 'quantity'
            ? skus.map((sku) => {
                // Empty or not a number: sent as null, for the catalog to refuse by field.
                const qty =
                  quantity.trim() === '' || !Number.isFinite(Number(quantity)) ? null : Number(quantity);
                return {
                  sku,
                  sourceCode,
                  quantity: qty,
                  status: qty && qty > 0 ? 'in_stock' : 'out_of_stock',
                };
              })
            : props.products.flatMap((product) => {
                const item = at(product);
                return item
                  ? [{ sku: product.sku, sourceCode, quantity: item.quantity, status: action }]
                  : [];
              });
        await call('catalog', 'POST', '/source-items', { items });
        setDone(`${items.length} SKU(s) saved at ${sourceCode}`);
      }
      setError(undefined);
      await props.onDone();
    } catch (failure) {
      setDone('');
      setError(asApiError(failure));
    }
  };

  return (
    <form className="card inline" aria-label="Bulk actions" onSubmit={apply}>
      <strong>{skus.length} selected</strong>
      <Field label="Source" field="items.0.sourceCode" error={error}>
        <select name="bulkSource" value={sourceCode} onChange={(e) => setSourceCode(e.target.value)}>
          <SourceOptions codes={props.sources} />
        </select>
      </Field>
      <Field label="Action" field="action" error={error}>
        <select name="bulkAction" value={action} onChange={(e) => setAction(e.target.value as BulkAction)}>
          <option value="quantity">Set quantity</option>
          <option value="in_stock">Mark in stock</option>
          <option value="out_of_stock">Mark out of stock</option>
          <option value="unassign">Unassign from source</option>
        </select>
      </Field>
      {action === 'quantity' && (
        <Field label="Quantity" field="items.0.quantity" error={error}>
          <input name="bulkQuantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        </Field>
      )}
      <button type="submit">Apply to {skus.length}</button>
      {error &&
        !error.problemsOf('items.0.quantity').length &&
        !error.problemsOf('items.0.sourceCode').length && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

const SourceOptions = ({ codes }: { codes: readonly string[] }) =>
  codes.map((code) => (
    <option key={code} value={code}>
      {code}
    </option>
  ));
