import { FormEvent, useEffect, useState } from 'react';
import { ApiError, apiKey, call } from './api';
import { navigate } from './navigate';
import { DeadLettersPage } from './pages/DeadLettersPage';
import { LowStockPage } from './pages/LowStockPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OrdersPage } from './pages/OrdersPage';
import { OverviewPage } from './pages/OverviewPage';
import { ImportPage } from './pages/ImportPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SkuPage } from './pages/SkuPage';
import { SourcesPage } from './pages/SourcesPage';
import { StocksPage } from './pages/StocksPage';
import { TransfersPage } from './pages/TransfersPage';
import { PurchaseOrdersPage } from './pages/PurchaseOrdersPage';
import { DemandPage } from './pages/DemandPage';

const PAGES = [
  { path: '/', title: 'Overview', render: () => <OverviewPage /> },
  { path: '/products', title: 'Products', render: () => <ProductsPage /> },
  { path: '/sources', title: 'Sources', render: () => <SourcesPage /> },
  { path: '/stocks', title: 'Stocks', render: () => <StocksPage /> },
  { path: '/transfers', title: 'Transfers', render: () => <TransfersPage /> },
  { path: '/purchase-orders', title: 'Purchase orders', render: () => <PurchaseOrdersPage /> },
  { path: '/orders', title: 'Orders', render: () => <OrdersPage /> },
  { path: '/reports/low-stock', title: 'Low stock', render: () => <LowStockPage /> },
  { path: '/reports/back-in-stock', title: 'Back in stock', render: () => <DemandPage /> },
  { path: '/notifications', title: 'Notifications', render: () => <NotificationsPage /> },
  { path: '/import', title: 'Import', render: () => <ImportPage /> },
  { path: '/settings', title: 'Settings', render: () => <SettingsPage /> },
  { path: '/dead-letters', title: 'Dead letters', render: () => <DeadLettersPage /> },
] as const;

/** /products/<sku>: one SKU's page, under Products in the menu. */
const SKU_PATH = /^\/products\/([^/]+)$/;

/** The console: a key to sign in with, then the pages. */
export function App() {
  const [signedIn, setSignedIn] = useState(apiKey.get() !== '');
  const [path, setPath] = useState(location.pathname);
  // The browser's back and forward buttons move between pages too.
  useEffect(() => {
    const follow = () => setPath(location.pathname);
    addEventListener('popstate', follow);
    return () => removeEventListener('popstate', follow);
  }, []);
  if (!signedIn)
    return (
      <SignIn
        onSignedIn={(landing) => {
          setSignedIn(true);
          navigate(landing);
        }}
      />
    );
  const skuPath = SKU_PATH.exec(path);
  const page = PAGES.find((candidate) => candidate.path === (skuPath ? '/products' : path)) ?? PAGES[0];
  return (
    <div className="layout">
      <nav>
        <strong>Inventory</strong>
        {PAGES.map((candidate) => (
          <a
            key={candidate.path}
            href={candidate.path}
            aria-current={candidate.path === page.path ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(candidate.path);
            }}
          >
            {candidate.title}
          </a>
        ))}
        <button
          className="link"
          onClick={() => {
            apiKey.clear();
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </nav>
      <main>
        {skuPath ? <SkuPage key={skuPath[1]} sku={decodeURIComponent(skuPath[1])} /> : page.render()}
      </main>
    </div>
  );
}

/** Signing in is giving an API key the services accept (`npm run keys -- create --role admin`). */
function SignIn({ onSignedIn }: { onSignedIn: (landing: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    apiKey.set(key.trim());
    try {
      await call('catalog', 'GET', '/sources?limit=1');
      onSignedIn('/');
    } catch (failure) {
      // A known key whose roles do not include the catalog (ops): in, on the page ops use.
      if (failure instanceof ApiError && failure.code === 'forbidden_role')
        return onSignedIn('/dead-letters');
      apiKey.clear();
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Inventory console</h1>
      <label>
        API key
        <input
          name="apiKey"
          type="password"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          autoFocus
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Sign in</button>
      <p className="hint">npm start prints a demo admin key (it is also in .local/demo-admin.key).</p>
    </form>
  );
}
