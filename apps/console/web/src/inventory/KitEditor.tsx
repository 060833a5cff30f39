import { FormEvent, useEffect, useState } from 'react';
import { ApiError, asApiError, call } from '../api';
import { Field } from '../Field';
import { Status } from '../Status';

interface Component {
  sku: string;
  qty: string;
}

/**
 * The SKU's kit components: which products, how many of each per kit. Saving sends the whole list
 * (an empty one makes the SKU an ordinary product again); the catalog's refusal shows at its line.
 */
export function KitEditor({ sku }: { sku: string }) {
  const [lines, setLines] = useState<Component[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const path = `/products/${encodeURIComponent(sku)}/components`;
  const show = (components: { sku: string; qty: number }[]) =>
    setLines(components.map((component) => ({ sku: component.sku, qty: String(component.qty) })));

  useEffect(() => {
    call<{ components: { sku: string; qty: number }[] }>('catalog', 'GET', path)
      .then((kit) => show(kit.components))
      .catch((failure) => setError(asApiError(failure)));
  }, [path]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const components = lines
      .filter((line) => line.sku.trim() !== '')
      .map((line) => ({ sku: line.sku.trim(), qty: Number(line.qty) }));
    try {
      const kit = await call<{ components: { sku: string; qty: number }[] }>('catalog', 'PUT', path, {
        components,
      });
      show(kit.components);
      setError(undefined);
      setNotice(kit.components.length ? `Kit of ${kit.components.length} component(s) saved` : 'Not a kit');
    } catch (failure) {
      setNotice('');
      setError(asApiError(failure));
    }
  };
  const change = (index: number, patch: Partial<Component>) =>
    setLines(lines.map((line, at) => (at === index ? { ...line, ...patch } : line)));

  return (
    <form className="card" aria-label="Kit components" onSubmit={save}>
      <h2>Kit components</h2>
      <p className="muted">
        A kit is sold as a set of other products and has no stock of its own. Empty: an ordinary product.
      </p>
      <Status failure={error?.message} notice={notice} />
      {lines.map((line, index) => (
        <div className="inline-form" key={index} data-component={index}>
          <Field label="Component SKU" field={`components.${index}`} error={error}>
            <input
              name={`component-${index}`}
              value={line.sku}
              onChange={(e) => change(index, { sku: e.target.value })}
            />
          </Field>
          <Field label="Per kit" field={`components.${index}.qty`} error={error}>
            <input
              name={`qty-${index}`}
              value={line.qty}
              onChange={(e) => change(index, { qty: e.target.value })}
            />
          </Field>
          <button
            type="button"
            className="link"
            onClick={() => setLines(lines.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <div className="inline-form">
        <button type="button" className="link" onClick={() => setLines([...lines, { sku: '', qty: '1' }])}>
          Add a component
        </button>
        <button type="submit">Save components</button>
      </div>
    </form>
  );
}
