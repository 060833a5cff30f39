import { SettingsEditor } from '../SettingsEditor';

/**
 * Stores > Configuration > Inventory: the global values every SKU uses unless it overrides them
 * (empty = the built-in default).
 */
export function SettingsPage() {
  return (
    <section>
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <SettingsEditor />
    </section>
  );
}
