import { FormEvent, useEffect, useState } from 'react';
import { ApiError, call, asApiError } from './api';
import { Field } from './Field';
import { Status } from './Status';
import { inMerchantOrder, labelOf, valueInWords } from './settings/setting-labels';

/** null: a number setting that is off (Minimum Stock Quantity unset). */
type Setting = string | number | boolean | null;
/** GET /settings has `configured`, GET /products/:sku/settings has `overrides`: what that level sets. */
interface SettingsView {
  settings: Record<string, Setting>;
  origin: Record<string, 'product' | 'global' | 'default'>;
  overrides?: Record<string, Setting | null>;
  configured?: Record<string, Setting | null>;
}

const ORIGIN_TEXT = { product: 'this SKU', global: 'global configuration', default: 'built-in default' };
const SKU_LEVEL = {
  setAt: (view: SettingsView) => view.overrides ?? {},
  title: 'Settings',
  column: 'Override for this SKU',
  empty: 'Use global',
  save: 'Save overrides',
};
const GLOBAL = {
  setAt: (view: SettingsView) => view.configured ?? {},
  title: 'Inventory configuration (every SKU without an override)',
  column: 'Configured',
  empty: 'Use default',
  save: 'Save configuration',
};
const textOf = (value: Setting | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

/**
 * Each setting in effect, where it came from, and what this level sets ("" = the level below): a
 * SKU's overrides (PUT /products/:sku/settings) or the global configuration (PUT /settings).
 */
export function SettingsEditor({ sku }: { sku?: string }) {
  const level = sku === undefined ? GLOBAL : SKU_LEVEL;
  const [view, setView] = useState<SettingsView | undefined>();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState('');
  const path = sku === undefined ? '/settings' : `/products/${encodeURIComponent(sku)}/settings`;

  const show = (settings: SettingsView) => {
    setView(settings);
    setDraft(
      Object.fromEntries(Object.entries(level.setAt(settings)).map(([key, value]) => [key, textOf(value)])),
    );
  };
  useEffect(() => {
    call<SettingsView>('catalog', 'GET', path)
      .then(show)
      .catch((failure: Error) => setError(new ApiError(0, 'load', failure.message)));
  }, [path]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!view) return;
    // Only what changed: "" goes back to the global value (null), anything else is an override.
    const patch = Object.fromEntries(
      Object.entries(draft)
        .filter(([key, text]) => text !== textOf(level.setAt(view)[key]))
        .map(([key, text]) => [key, parseSetting(text, view.settings[key])]),
    );
    try {
      show(await call<SettingsView>('catalog', 'PUT', path, patch));
      setError(undefined);
      setSaved(`Saved ${Object.keys(patch).length} setting(s)`);
    } catch (failure) {
      setSaved('');
      setError(asApiError(failure));
    }
  };

  if (!view) return error ? <p className="error">{error.message}</p> : null;
  return (
    <form className="card" aria-label="Settings" onSubmit={save}>
      <h2>{level.title}</h2>
      <Status failure={error?.message} notice={saved} />
      <table>
        <thead>
          <tr>
            <th>Setting</th>
            <th>In effect</th>
            <th>From</th>
            <th>{level.column}</th>
          </tr>
        </thead>
        <tbody>
          {inMerchantOrder(Object.keys(view.settings)).map((key) => {
            const { label, help, choices } = labelOf(key);
            return (
              <tr key={key} data-setting={key}>
                <td>
                  <span className="setting-name">{label}</span>
                  <small className="hint" title={help}>
                    {key}
                  </small>
                </td>
                <td data-effective={key}>{valueInWords(key, view.settings[key])}</td>
                <td>
                  <span className={view.origin[key] === 'product' ? 'badge on' : 'badge'}>
                    {ORIGIN_TEXT[view.origin[key]]}
                  </span>
                </td>
                <td>
                  <Field label="" field={key} error={error}>
                    {choices ? (
                      <select
                        name={key}
                        aria-label={label}
                        value={draft[key] ?? ''}
                        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                      >
                        <option value="">{level.empty}</option>
                        {Object.entries(choices).map(([value, words]) => (
                          <option key={value} value={value}>
                            {words}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        name={key}
                        aria-label={label}
                        placeholder={level.empty}
                        value={draft[key] ?? ''}
                        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                      />
                    )}
                  </Field>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="submit">{level.save}</button>
    </form>
  );
}

/** The text of an override as the service takes it; a number that is not one is sent as typed, to be refused by name. */
function parseSetting(text: string, effective: Setting): Setting | null {
  if (text === '') return null;
  if (typeof effective === 'boolean') return text === 'true';
  if (typeof effective === 'number' || effective === null)
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}
