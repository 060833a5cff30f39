import { FormEvent, useState } from 'react';
import { ApiError, call, messageOf, asApiError } from '../api';
import { Field } from '../Field';
import { Pager } from '../Pager';
import { Status } from '../Status';
import { usePagedList } from '../usePagedList';

/** A source as the catalog answers it (GET /sources). */
interface Source {
  code: string;
  name: string;
  enabled: boolean;
  latitude: number | null;
  longitude: number | null;
  isPickupLocation: boolean;
  contact: { name?: string; email?: string; phone?: string } | null;
  address: { country?: string; region?: string; city?: string; street?: string; postcode?: string } | null;
  description: string | null;
}

const PAGE_SIZE = 20;

/** What PUT /sources/:code takes: the whole source but its code (absent fields are left out). */
function saveBody(source: Source) {
  const present = <T extends object>(value: T | null) =>
    value && Object.values(value).some((part) => part !== undefined && part !== '') ? value : undefined;
  return {
    name: source.name,
    enabled: source.enabled,
    latitude: source.latitude,
    longitude: source.longitude,
    isPickupLocation: source.isPickupLocation,
    contact: present(source.contact),
    address: present(source.address),
    description: source.description ?? undefined,
  };
}

const blank: Source = {
  code: '',
  name: '',
  enabled: true,
  latitude: null,
  longitude: null,
  isPickupLocation: false,
  contact: null,
  address: null,
  description: null,
};

/** Stores > Inventory > Sources: the list, and a form to create or edit one. */
export function SourcesPage() {
  const {
    items: sources,
    total,
    offset,
    setOffset,
    failure: loadFailure,
    reload,
  } = usePagedList<Source>('catalog', '/sources', PAGE_SIZE);
  const [editing, setEditing] = useState<{ source: Source; isNew: boolean } | undefined>();
  const [notice, setNotice] = useState('');
  const [actionFailure, setActionFailure] = useState('');

  const setEnabled = async (source: Source, enabled: boolean) => {
    try {
      await call(
        'catalog',
        'PUT',
        `/sources/${encodeURIComponent(source.code)}`,
        saveBody({ ...source, enabled }),
      );
      setNotice(`${source.code} ${enabled ? 'enabled' : 'disabled'}`);
      setActionFailure('');
      await reload();
    } catch (error) {
      setActionFailure(messageOf(error));
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Sources</h1>
        <button onClick={() => setEditing({ source: blank, isNew: true })}>Add source</button>
      </header>
      <Status failure={actionFailure || loadFailure} notice={notice} />
      {editing && (
        <SourceForm
          key={editing.source.code || 'new'}
          initial={editing.source}
          isNew={editing.isNew}
          onCancel={() => setEditing(undefined)}
          onSaved={async (code, created) => {
            setEditing(undefined);
            setNotice(`${code} ${created ? 'created' : 'saved'}`);
            await reload();
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>Status</th>
            <th>Pickup</th>
            <th>City</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.code} data-source={source.code}>
              <td>
                <code>{source.code}</code>
              </td>
              <td>{source.name}</td>
              <td>
                <span className={source.enabled ? 'badge on' : 'badge off'}>
                  {source.enabled ? 'Enabled' : 'Disabled'}
                </span>
              </td>
              <td>{source.isPickupLocation ? 'Yes' : ''}</td>
              <td>{source.address?.city ?? ''}</td>
              <td className="actions">
                <button className="link" onClick={() => setEditing({ source, isNew: false })}>
                  Edit
                </button>
                <button className="link" onClick={() => void setEnabled(source, !source.enabled)}>
                  {source.enabled ? 'Disable' : 'Enable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} pageSize={PAGE_SIZE} total={total} empty="No sources" onOffset={setOffset} />
    </section>
  );
}

const number = (text: string) => (text.trim() === '' ? null : Number(text));

/** Create (code editable) or edit a source; the catalog's refusals are shown at their fields. */
function SourceForm(props: {
  initial: Source;
  isNew: boolean;
  onCancel: () => void;
  onSaved: (code: string, created: boolean) => Promise<void>;
}) {
  const [source, setSource] = useState(props.initial);
  const [latitude, setLatitude] = useState(props.initial.latitude?.toString() ?? '');
  const [longitude, setLongitude] = useState(props.initial.longitude?.toString() ?? '');
  const [error, setError] = useState<ApiError | undefined>();
  const update = (change: Partial<Source>) => setSource({ ...source, ...change });
  const address = source.address ?? {};
  const contact = source.contact ?? {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = saveBody({ ...source, latitude: number(latitude), longitude: number(longitude) });
      if (props.isNew) {
        // A new code must not replace an existing source.
        const existing = await call('catalog', 'GET', `/sources/${encodeURIComponent(source.code)}`).catch(
          () => undefined,
        );
        if (existing) {
          setError(
            new ApiError(409, 'source_exists', 'A source with this code exists', [
              { field: 'code', problems: ['is taken by another source'] },
            ]),
          );
          return;
        }
      }
      await call('catalog', 'PUT', `/sources/${encodeURIComponent(source.code)}`, body);
      await props.onSaved(source.code, props.isNew);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-label={props.isNew ? 'New source' : `Edit ${source.code}`}>
      <h2>{props.isNew ? 'New source' : `Edit ${source.code}`}</h2>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <div className="grid">
        <Field label="Code" field="code" error={error}>
          <input
            name="code"
            value={source.code}
            disabled={!props.isNew}
            onChange={(e) => update({ code: e.target.value })}
          />
        </Field>
        <Field label="Name" field="name" error={error}>
          <input name="name" value={source.name} onChange={(e) => update({ name: e.target.value })} />
        </Field>
        <Field label="Latitude" field="latitude" error={error}>
          <input name="latitude" value={latitude} onChange={(e) => setLatitude(e.target.value)} />
        </Field>
        <Field label="Longitude" field="longitude" error={error}>
          <input name="longitude" value={longitude} onChange={(e) => setLongitude(e.target.value)} />
        </Field>
        <Field label="City" field="address.city" error={error}>
          <input
            name="city"
            value={address.city ?? ''}
            onChange={(e) => update({ address: { ...address, city: e.target.value } })}
          />
        </Field>
        <Field label="Postcode" field="address.postcode" error={error}>
          <input
            name="postcode"
            value={address.postcode ?? ''}
            onChange={(e) => update({ address: { ...address, postcode: e.target.value } })}
          />
        </Field>
        <Field label="Country" field="address.country" error={error}>
          <input
            name="country"
            value={address.country ?? ''}
            onChange={(e) => update({ address: { ...address, country: e.target.value } })}
          />
        </Field>
        <Field label="Contact email" field="contact.email" error={error}>
          <input
            name="email"
            value={contact.email ?? ''}
            onChange={(e) => update({ contact: { ...contact, email: e.target.value } })}
          />
        </Field>
      </div>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            name="enabled"
            checked={source.enabled}
            onChange={(e) => update({ enabled: e.target.checked })}
          />{' '}
          Enabled
        </label>
        <label>
          <input
            type="checkbox"
            name="isPickupLocation"
            checked={source.isPickupLocation}
            onChange={(e) => update({ isPickupLocation: e.target.checked })}
          />{' '}
          In-store pickup
        </label>
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
