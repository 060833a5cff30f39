import path from 'node:path';
import { TOPICS, createEvent, deadLetterTopicOf } from '@inventory/contracts';
import { DLQ_HEADER } from '@inventory/messaging';
import { KafkaTestClient, ServiceProcess, SmtpSink, waitFor, waitForEqual } from '@inventory/testing';
import { Browser, Locator, Page, chromium } from 'playwright-core';
import { orderPlaced } from './fixtures';
import { getJson, sendJson } from './http';
import { createKey } from './keys';
import { RunningSystem } from './system';

jest.setTimeout(180_000);

const CONSOLE_PORT = 3100;
const SMTP_PORT = 1127;
const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots');

/**
 * The merchant's console in Debian's Chromium, driven by playwright-core, against the
 * four running services: what the merchant does on screen is checked at the services' own routes.
 */
describe('the console in a browser', () => {
  const sink = new SmtpSink(SMTP_PORT);
  const system = new RunningSystem(undefined, {
    SMTP_PORT: String(SMTP_PORT),
    LOW_STOCK_EMAIL_TO: 'stock-team@shop.test',
  });
  const consoleApp = new ServiceProcess('console', CONSOLE_PORT, {
    CONSOLE_PORT: String(CONSOLE_PORT),
    CATALOG_URL: system.url('catalog-inventory'),
    RESERVATION_URL: system.url('reservation'),
    FULFILLMENT_URL: system.url('fulfillment'),
    NOTIFICATION_URL: system.url('notification'),
    REPLENISHMENT_URL: system.url('replenishment'),
  });
  const code = `console-east-${system.runId}`;
  const channel = `console-${system.runId}`;
  const sku = `CONSOLE-${system.runId}`;
  const orderId = `order-${system.runId}-console`;
  const kafka = new KafkaTestClient();
  let stockId: number;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await sink.start();
    await kafka.watch([deadLetterTopicOf(TOPICS.orders)]);
    await Promise.all([system.start(), consoleApp.start()]);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      // Root in a container, and a machine without the network Chromium likes to call home to.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await kafka.close();
    await browser?.close();
    await consoleApp.stop();
    await system.stop();
    await sink.stop();
  });

  const catalog = (route: string) => `${system.url('catalog-inventory')}${route}`;
  const quantityAt = async (sourceCode: string) =>
    (await getJson(catalog(`/source-items?sku=${sku}`))).body.items.find(
      (item: { sourceCode: string }) => item.sourceCode === sourceCode,
    );
  const quantityOf = async (itemSku: string, sourceCode: string) =>
    (await getJson(catalog(`/source-items?sku=${itemSku}`))).body.items.find(
      (item: { sourceCode: string }) => item.sourceCode === sourceCode,
    );
  const row = (sourceCode: string) => page.locator(`tr[data-source="${sourceCode}"]`);
  /** Presses the page's Refresh until the locator shows up (what it lists arrives through Kafka). */
  const refreshUntilShown = async (locator: Locator, timeoutMs: number) => {
    for (const deadline = Date.now() + timeoutMs; !(await locator.count()) && Date.now() < deadline;) {
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page.waitForTimeout(250);
    }
  };
  const goTo = async (title: string) => {
    await page.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, exact: true }).waitFor();
  };

  it('refuses a wrong key and signs in with a good one', async () => {
    await page.goto(`http://127.0.0.1:${CONSOLE_PORT}/`);
    await page.fill('input[name=apiKey]', 'inv_0123456789ab_not-a-key');
    await page.click('button[type=submit]');
    await page.getByRole('alert').filter({ hasText: 'The API key is unknown or revoked' }).waitFor();

    await page.fill('input[name=apiKey]', process.env.TEST_API_KEY as string);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor(); // the landing page
    await goTo('Sources');
    await row('default').waitFor();
    expect(await row('default').textContent()).toContain('Enabled');
  });

  it('creates a source, showing the catalog’s refusal next to the field first', async () => {
    await page.getByRole('button', { name: 'Add source' }).click();
    const form = page.getByRole('form', { name: 'New source' });
    await form.locator('input[name=code]').fill('console east'); // a space: not a code
    await form.locator('input[name=name]').fill('Console East');
    await form.locator('input[name=city]').fill('New York');
    await form.getByRole('button', { name: 'Save' }).click();
    const codeError = form.locator('.error[data-field="code"]');
    await codeError.waitFor();
    expect(await codeError.textContent()).toMatch(/must be 1 to 64 characters/);
    await form.screenshot({ path: path.join(SCREENSHOTS, 'source-form-errors.png') });

    await form.locator('input[name=code]').fill(code);
    await form.locator('input[name=latitude]').fill('95'); // beyond the pole
    await form.getByRole('button', { name: 'Save' }).click();
    const latitudeError = form.locator('.error[data-field="latitude"]');
    await latitudeError.waitFor();
    expect(await latitudeError.textContent()).toMatch(/latitude/);

    await form.locator('input[name=latitude]').fill('40.7506');
    await form.locator('input[name=longitude]').fill('-73.9972');
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${code} created` })
      .waitFor();
    await row(code).waitFor();
    expect(await row(code).textContent()).toContain('New York');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sources.png') });

    const { body } = await getJson(`${system.url('catalog-inventory')}/sources/${code}`);
    expect(body).toMatchObject({
      code,
      name: 'Console East',
      enabled: true,
      latitude: 40.7506,
      address: { city: 'New York' },
    });
  });

  it('disables and edits a source', async () => {
    await row(code).getByRole('button', { name: 'Disable' }).click();
    await row(code).getByText('Disabled').waitFor();
    expect((await getJson(`${system.url('catalog-inventory')}/sources/${code}`)).body.enabled).toBe(false);

    await row(code).getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: `Edit ${code}` });
    expect(await form.locator('input[name=code]').isDisabled()).toBe(true);
    await form.locator('input[name=name]').fill('Console East (renamed)');
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${code} saved` })
      .waitFor();
    const { body } = await getJson(`${system.url('catalog-inventory')}/sources/${code}`);
    expect(body).toMatchObject({
      name: 'Console East (renamed)',
      enabled: false,
      address: { city: 'New York' },
    });
  });

  it('links the source to a stock of its own, first in priority', async () => {
    await goTo('Sources');
    await row(code).getByRole('button', { name: 'Enable' }).click();
    await row(code).getByText('Enabled').waitFor();

    await goTo('Stocks');
    await page.getByRole('button', { name: 'Add stock' }).click();
    const form = page.getByRole('form', { name: 'New stock' });
    stockId = Number(await form.locator('input[name=stockId]').inputValue());
    await form.locator('input[name=name]').fill('Console Stock');
    await form.locator('input[name=salesChannels]').fill(channel);
    for (const source of ['default', code]) {
      await form.locator('select[name=addSource]').selectOption(source);
      await form.getByRole('button', { name: 'Link', exact: true }).click();
    }
    await form.getByRole('button', { name: `Move ${code} up` }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Stock ${stockId} saved` })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'stocks.png') });
    const { body } = await getJson(`${system.url('catalog-inventory')}/stocks/${stockId}`);
    expect(body).toMatchObject({
      name: 'Console Stock',
      salesChannels: [channel],
      sourceLinks: [
        { sourceCode: code, priority: 1 },
        { sourceCode: 'default', priority: 2 },
      ],
    });
  });

  it('sets a quantity, and the salable quantity drops on screen when an order arrives through Kafka', async () => {
    await goTo('Products');
    const form = page.getByRole('form', { name: 'Set a quantity' });
    await form.locator('input[name=sku]').fill(sku);
    await form.locator('select[name=sourceCode]').selectOption(code);
    await form.locator('input[name=newQuantity]').fill('12');
    await form.getByRole('button', { name: 'Set quantity' }).click();
    const product = page.locator(`tr[data-sku="${sku}"]`);
    const salableCell = product.locator(`td[data-salable="${stockId}"]`);
    await waitForText(salableCell, '12');

    // An order from the upstream order system, on the new stock's channel: no reload, the number moves.
    await kafka.publish(orderPlaced(orderId, sku, 3, channel), orderId);
    await waitForText(salableCell, '9');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'products.png') });
  });

  it('shows the SKU in the low-stock report once its quantity falls below the notify quantity', async () => {
    expect(
      (
        await sendJson('PUT', `${system.url('catalog-inventory')}/products/${sku}/settings`, {
          notifyStockQty: 10,
        })
      ).status,
    ).toBe(200);
    const quantity = page.locator(`tr[data-sku="${sku}"] td[data-source="${code}"] input`);
    await quantity.fill('8');
    await quantity.press('Enter');
    await waitForText(page.locator(`tr[data-sku="${sku}"] td[data-salable="${stockId}"]`), '5');

    await goTo('Low stock');
    // Searched for, as a merchant would: other suites' SKUs at 0 come first in the report.
    await page.fill('input[name=skuPrefix]', sku);
    const lowRow = page.locator(`tr[data-low="${sku}|${code}"]`);
    await refreshUntilShown(lowRow, 10_000);
    expect(await lowRow.textContent()).toMatch(/8\s*10/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'low-stock.png') });
  });

  it('opens the SKU page: settings in effect and their origin, an override refused then saved, its stream and chart', async () => {
    await goTo('Products');
    await page.fill('input[name=skuPrefix]', sku);
    await page.locator(`tr[data-sku="${sku}"] a`).click();
    await page.getByRole('heading', { name: `SKU ${sku}` }).waitFor();
    await page.locator('select[name=stockId]').selectOption(String(stockId));
    const notify = page.locator('tr[data-setting="notifyStockQty"]');
    await notify.getByText('this SKU').waitFor();
    expect(await notify.locator('td[data-effective]').textContent()).toBe('10');
    // In the merchant's words, with the field name the API and the CSV use as a hint.
    expect(await notify.locator('td').first().textContent()).toBe('Notify for Quantity BelownotifyStockQty');
    expect(await page.locator('tr[data-setting="backorders"] option').allTextContents()).toEqual([
      'Use global',
      'No Backorders',
      'Allow Qty Below 0',
      'Allow Qty Below 0 and Notify Customer',
    ]);
    expect(await page.locator('tr[data-setting="minSaleQty"]').textContent()).toContain('built-in default');

    const form = page.getByRole('form', { name: 'Settings' });
    // Enter submits: the cards above still loading may move a button, never the field in focus.
    await form.locator('input[name=minSaleQty]').fill('-1');
    await form.locator('input[name=minSaleQty]').press('Enter');
    const refusal = form.locator('.error[data-field="minSaleQty"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/minSaleQty/);
    await form.locator('input[name=minSaleQty]').fill('2');
    await form.locator('input[name=minSaleQty]').press('Enter');
    await form.getByRole('status').filter({ hasText: 'Saved 1 setting' }).waitFor();
    const { body } = await getJson(catalog(`/products/${sku}/settings`));
    expect(body).toMatchObject({
      overrides: { minSaleQty: 2, notifyStockQty: 10 },
      origin: { minSaleQty: 'product' },
    });

    // The reservation stream of the SKU: its quantities, then the order's reservation.
    await page.locator('ol.timeline li[data-event="StockReserved"]').first().waitFor();
    await page.locator('svg.chart[data-last="5"]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sku.png') });
  });

  it('recommends the sources for the order and ships it from the console', async () => {
    await goTo('Orders');
    const orderRow = page.locator(`tr[data-order="${orderId}"]`);
    await orderRow.getByRole('button', { name: 'Sources & ship' }).click();
    const panel = page.getByRole('form', { name: `Ship ${orderId}` });
    const chosen = panel.locator(`tr[data-recommended="${sku}|${code}"]`);
    await chosen.waitFor();
    expect(await chosen.textContent()).toMatch(/83$/); // 8 available, 3 to deduct
    await page.screenshot({ path: path.join(SCREENSHOTS, 'orders.png') });
    await panel.getByRole('button', { name: `Ship 3 from ${code}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `created for ${orderId}` })
      .waitFor();

    const order = await getJson(`${system.url('fulfillment')}/orders/${orderId}`);
    expect(order.body.items).toEqual([expect.objectContaining({ sku, ordered: 3, shipped: 3, toShip: 0 })]);
    await waitForEqual(
      async () => (await quantityAt(code)).quantity,
      5,
      'the shipment deducted at the source',
    );
  });

  it('applies one change to the selected products, showing the catalog’s refusal first', async () => {
    await goTo('Products');
    await page.fill('input[name=skuPrefix]', sku);
    await page.getByRole('checkbox', { name: `select ${sku}` }).check();
    const bulk = page.getByRole('form', { name: 'Bulk actions' });
    await bulk.locator('select[name=bulkSource]').selectOption(code);
    await bulk.locator('input[name=bulkQuantity]').fill('-4');
    await bulk.getByRole('button', { name: 'Apply to 1' }).click();
    await bulk.locator('.error[data-field="items.0.quantity"]').waitFor();
    expect((await quantityAt(code)).quantity).toBe(5); // nothing stored by the refusal

    await bulk.locator('select[name=bulkAction]').selectOption('out_of_stock');
    await bulk.getByRole('button', { name: 'Apply to 1' }).click();
    await bulk
      .getByRole('status')
      .filter({ hasText: `1 SKU(s) saved at ${code}` })
      .waitFor();
    expect(await quantityAt(code)).toMatchObject({ quantity: 5, status: 'out_of_stock' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'products-bulk.png') });
  });

  it('lists the low-stock email among the notifications sent', async () => {
    const digest = await sendJson('POST', `${system.url('notification')}/reports/low-stock/digest`, {});
    expect(digest.status).toBe(200);
    await goTo('Notifications');
    const sent = page
      .locator('tr[data-notification]')
      .filter({ hasText: 'low stock digest' })
      .filter({ hasText: 'sent' });
    await refreshUntilShown(sent, 30_000);
    expect(await sent.count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications.png') });
  });

  it('shows a dead letter with its reason and re-drives it', async () => {
    // Canceling more than was ordered: the order's consumers refuse it to the DLQ.
    const overCancel = createEvent(
      'OrderCanceled',
      { orderId, items: [{ sku, qty: 99 }] },
      { source: 'order-system' },
    );
    await kafka.publish(overCancel, orderId);
    const lettersOf = () =>
      kafka.received.filter(
        (m) => m.headers['event-id'] === overCancel.eventId && m.headers[DLQ_HEADER.reason] === 'over_cancel',
      );
    await waitFor(() => (lettersOf().length ? true : undefined), { what: 'the over-cancel on the DLQ' });

    await goTo('Dead letters');
    const letter = page.locator(`tr[data-letter="${overCancel.eventId}"]`).filter({ hasText: 'over_cancel' });
    await refreshUntilShown(letter, 15_000);
    expect(await letter.textContent()).toMatch(/over_cancel/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dead-letters.png') });

    const before = lettersOf().length;
    await letter.getByRole('button', { name: 'Re-drive' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Re-driven to ${TOPICS.orders}` })
      .waitFor();
    // Back on orders.v1, tried again, and refused again with the same reason.
    await waitFor(() => (lettersOf().length > before ? true : undefined), {
      what: 'the re-driven over-cancel dead-lettered again',
    });
  });

  it('opens on an overview of what needs the merchant, each figure as its service counts it', async () => {
    const service = (name: Parameters<typeof system.url>[0], route: string) =>
      getJson(`${system.url(name)}${route}`).then((answer) => answer.body);
    await goTo('Overview');
    const ours = page.locator(`tr[data-stock="${stockId}"]`);
    await ours.waitFor();
    const summary = await service('reservation', '/salable-summary');
    const counted = summary.stocks.find((stock: { stockId: number }) => stock.stockId === stockId);
    expect(counted.skus).toBeGreaterThanOrEqual(1);
    expect(await ours.locator('td[data-out-of-stock]').textContent()).toBe(String(counted.outOfStock));
    // Other suites share the broker's catalog topic, so the counts may move: the page is refreshed
    // until its figure is the one the service gives at that moment.
    const agrees = async (figure: string, count: () => Promise<number>, unit: string) => {
      for (const deadline = Date.now() + 20_000; ;) {
        const expected = await count();
        const shown = await page.locator(`[data-figure="${figure}"]`).textContent();
        if (shown?.startsWith(`${expected} ${unit}`)) return expected;
        if (Date.now() > deadline)
          throw new Error(`${figure}: shows "${shown}", the service counts ${expected}`);
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForTimeout(500);
      }
    };
    const lowStock = await agrees(
      'low-stock',
      async () => (await service('notification', '/reports/low-stock?limit=1')).total,
      'source item',
    );
    expect(lowStock).toBeGreaterThanOrEqual(1); // the SKU of the low-stock step
    const deadLetters = await agrees(
      'dead-letters',
      async () => {
        const totals = await Promise.all(
          (['catalog-inventory', 'reservation', 'fulfillment', 'notification', 'replenishment'] as const).map(
            async (name) => (await service(name, '/dead-letters?limit=1')).total as number,
          ),
        );
        return totals.reduce((sum, count) => sum + count, 0);
      },
      'event',
    );
    expect(deadLetters).toBeGreaterThanOrEqual(1); // the over-cancel of the step before
    // The latest changes lead to the SKU's page.
    const change = page.locator(`tr[data-change="${summary.recent[0].sku}"]`).first();
    await change.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview.png') });
    await change.getByRole('link').click();
    await page.getByRole('heading', { name: `SKU ${summary.recent[0].sku}` }).waitFor();
  });

  it('imports quantities from a CSV file: a bad row refused with its line, then the valid rows stored', async () => {
    await goTo('Import');
    const [good, bad] = [`${sku}-A`, `${sku}-B`];
    const csv = `sku,source_code,quantity,status\n${good},${code},7,in_stock\n${bad},${code},-3,in_stock\n`;
    const form = page.getByRole('form', { name: 'Import quantities' });
    await form
      .locator('input[name=file]')
      .setInputFiles({ name: 'quantities.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: 'Import' }).click();
    const report = page.locator('div[aria-label="Import report"]');
    await report.getByText('Nothing stored: 1 of 2 rows are bad').waitFor();
    expect(await report.locator('tr[data-line="3"]').textContent()).toMatch(/quantity/);
    expect((await getJson(catalog(`/source-items?sku=${good}`))).body.items).toEqual([]);

    await form.locator('select[name=mode]').selectOption('valid_rows');
    await form.getByRole('button', { name: 'Import' }).click();
    await report.getByText('1 of 2 rows stored, 1 rejected').waitFor();
    expect((await getJson(catalog(`/source-items?sku=${good}`))).body.items).toEqual([
      expect.objectContaining({ sourceCode: code, quantity: 7, status: 'in_stock' }),
    ]);
    expect((await getJson(catalog(`/source-items?sku=${bad}`))).body.items).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import.png') });
  });

  it('shows the global configuration and refuses a bad value at its field, storing nothing', async () => {
    const before = (await getJson(catalog('/settings'))).body;
    await goTo('Settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.locator('input[name=qtyIncrements]').fill('0');
    await form.getByRole('button', { name: 'Save configuration' }).click();
    await form.locator('.error[data-field="qtyIncrements"]').waitFor();
    expect((await getJson(catalog('/settings'))).body).toEqual(before);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings.png') });
  });

  it("adjusts a SKU's states with a reason on its page, reads the movement log, and is refused a stale count", async () => {
    const adjusted = `ADJ-${system.runId}`;
    const saved = await sendJson('POST', catalog('/source-items'), {
      items: [{ sku: adjusted, sourceCode: code, quantity: 10, status: 'in_stock' }],
    });
    expect(saved.status).toBe(200);
    await goTo('Products');
    await page.fill('input[name=skuPrefix]', adjusted);
    await page.locator(`tr[data-sku="${adjusted}"] a`).click();
    await page.getByRole('heading', { name: `SKU ${adjusted}` }).waitFor();
    const states = page.locator(`tr[data-states="${code}"]`);
    await waitForText(states.locator('td[data-state="available"]'), '10');

    const form = page.getByRole('form', { name: 'Adjust' });
    await form.locator('input[name=units]').fill('2');
    await form.locator('select[name=from]').selectOption('available');
    await form.locator('select[name=to]').selectOption('damaged');
    await form.locator('select[name=reason]').selectOption('damaged');
    await form.locator('input[name=reference]').fill('Dropped pallet');
    await form.getByRole('button', { name: 'Adjust' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: `Adjusted 2 at ${code}` })
      .waitFor();
    await waitForText(states.locator('td[data-state="damaged"]'), '2');
    expect(await quantityOf(adjusted, code)).toMatchObject({ quantity: 8, damaged: 2 });
    const movement = page.locator(`tr[data-movement="${code}|damaged"]`).first();
    await movement.waitFor();
    expect(await movement.textContent()).toContain('Adjustment: Damaged');
    expect(await movement.locator('td[data-delta]').textContent()).toBe('+2');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sku-inventory.png') });

    // Someone else changes the quantity while the page still shows 8: the count is refused.
    await sendJson('POST', catalog('/source-items'), {
      items: [{ sku: adjusted, sourceCode: code, quantity: 7, status: 'in_stock' }],
    });
    await form.locator('input[name=units]').fill('1');
    await form.locator('select[name=from]').selectOption('available');
    await form.locator('select[name=to]').selectOption('');
    await form.locator('select[name=reason]').selectOption('cycle_count');
    await form.getByRole('button', { name: 'Adjust' }).click();
    await form.getByRole('alert').filter({ hasText: 'is 7 now, not 8' }).waitFor();
    expect(await quantityOf(adjusted, code)).toMatchObject({ quantity: 7, damaged: 2 });
  });

  it('makes a kit on its SKU page, the catalog refusing a kit that contains itself at its line', async () => {
    const kit = `KIT-${system.runId}`;
    await page.goto(`http://127.0.0.1:${CONSOLE_PORT}/products/${kit}`);
    await page.getByRole('heading', { name: `SKU ${kit}` }).waitFor();
    const editor = page.getByRole('form', { name: 'Kit components' });
    await editor.getByRole('button', { name: 'Add a component' }).click();
    await editor.locator('input[name=component-0]').fill(kit);
    await editor.getByRole('button', { name: 'Add a component' }).click();
    await editor.locator('input[name=component-1]').fill(sku);
    await editor.locator('input[name=qty-1]').fill('2');
    await editor.getByRole('button', { name: 'Save components' }).click();
    await editor
      .locator('.error[data-field="components.0"]')
      .filter({ hasText: 'cannot contain itself' })
      .waitFor();
    await editor.locator('[data-component="0"]').getByRole('button', { name: 'Remove' }).click();
    await editor.getByRole('button', { name: 'Save components' }).click();
    await editor.getByRole('status').filter({ hasText: 'Kit of 1 component(s) saved' }).waitFor();
    expect((await getJson(catalog(`/products/${kit}/components`))).body.components).toEqual([
      { sku, qty: 2 },
    ]);
  });

  it('ships a transfer, receives part of it with a damaged unit, and cancels the rest', async () => {
    const moved = `TRF-${system.runId}`;
    await sendJson('POST', catalog('/source-items'), {
      items: [{ sku: moved, sourceCode: code, quantity: 10, status: 'in_stock' }],
    });
    await goTo('Transfers');
    const ship = page.getByRole('form', { name: 'Ship a transfer' });
    await ship.locator('input[name=from]').fill(code);
    await ship.locator('input[name=to]').fill(code);
    await ship.locator('input[name=sku]').fill(moved);
    await ship.locator('input[name=qty]').fill('6');
    await ship.getByRole('button', { name: 'Ship' }).click();
    await ship.locator('.error[data-field="toSourceCode"]').waitFor(); // the catalog's refusal at its field
    await ship.locator('input[name=to]').fill('default');
    await ship.getByRole('button', { name: 'Ship' }).click();
    await page.getByRole('status').filter({ hasText: 'in transit to default' }).waitFor();
    expect(await quantityOf(moved, code)).toMatchObject({ quantity: 4 });

    const row = page.locator('tr[data-transfer]').filter({ hasText: moved }).first();
    await row.getByRole('button', { name: 'Receive' }).click();
    const receive = page.locator('form[aria-label^="Receive"]');
    await receive.locator(`input[name="qty-${moved}"]`).fill('3');
    await receive.locator(`input[name="damaged-${moved}"]`).fill('1');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await waitForText(row.locator('td[data-status]'), 'Partly received');
    expect(await quantityOf(moved, 'default')).toMatchObject({ quantity: 3, damaged: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'transfers.png') });

    await row.getByRole('button', { name: 'Cancel' }).click();
    await waitForText(row.locator('td[data-status]'), 'Canceled');
    expect(await quantityOf(moved, code)).toMatchObject({ quantity: 6 });
  });

  it('buys more: a supplier, a purchase order refused at its field then placed, received in part, incoming on the SKU page, and a reorder suggestion ordered with one click', async () => {
    const bought = `BUY-${system.runId}`;
    const supplier = `sup-${system.runId}`;
    await goTo('Purchase orders');
    const supplierForm = page.getByRole('form', { name: 'Save a supplier' });
    await supplierForm.locator('input[name=code]').fill(supplier);
    await supplierForm.locator('input[name=name]').fill(`Console Supplier ${system.runId}`);
    await supplierForm.locator('input[name=leadTimeDays]').fill('5');
    await supplierForm.locator('input[name=leadTimeDays]').press('Enter'); // the suggestions load meanwhile
    await page
      .getByRole('status')
      .filter({ hasText: `Supplier ${supplier} saved` })
      .waitFor();

    const place = page.getByRole('form', { name: 'Place a purchase order' });
    await place.locator('select[name=supplier]').selectOption(supplier);
    await place.locator('input[name=sku]').fill(bought);
    await place.locator('input[name=qty]').fill('1.5');
    await place.locator('input[name=qty]').press('Enter');
    await place.locator('.error[data-field="lines.0.qty"]').waitFor(); // whole units only, at its field
    await place.locator('input[name=qty]').fill('12');
    await place.locator('input[name=qty]').press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `placed with ${supplier}` })
      .waitFor();

    const row = page.locator('tr[data-purchase-order]').filter({ hasText: bought }).first();
    await refreshUntilShown(row, 15_000);
    await row.getByRole('button', { name: 'Receive' }).click();
    const receive = page.locator('form[aria-label^="Receive"]');
    await receive.locator(`input[name="qty-${bought}"]`).fill('5');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await waitForText(row.locator('td[data-status]'), 'Partly received');
    await waitFor(async () => ((await quantityOf(bought, 'default'))?.quantity === 5 ? true : undefined), {
      what: 'the received units at the Default Source',
      timeoutMs: 30_000,
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'purchase-orders.png') });
    const purchaseOrderId = (await row.getAttribute('data-purchase-order')) as string;

    await goTo('Products');
    await page.fill('input[name=skuPrefix]', bought);
    await page.locator(`tr[data-sku="${bought}"] a`).click();
    await page.getByRole('heading', { name: `SKU ${bought}` }).waitFor();
    const incoming = page.getByRole('region', { name: 'Incoming' });
    await incoming.getByText('purchase order').waitFor();
    expect(await incoming.locator('tbody tr').first().textContent()).toContain('7');

    // Canceled, and 10 kept back as safety stock: 5 on hand is below the reorder point.
    await sendJson('POST', `${system.url('replenishment')}/purchase-orders/${purchaseOrderId}/cancel`);
    await sendJson('POST', catalog('/adjustments'), {
      adjustmentId: `safety-${system.runId}`,
      reason: 'safety_stock',
      changes: [{ sku: bought, sourceCode: 'default', state: 'safety_stock', delta: 10 }],
    });
    await goTo('Purchase orders');
    const suggestions = page.getByRole('region', { name: 'Reorder suggestions' });
    const suggestion = suggestions.locator(`tr[data-suggestion="${bought}"]`);
    for (const deadline = Date.now() + 30_000; !(await suggestion.count()) && Date.now() < deadline;) {
      await suggestions.getByRole('button', { name: 'Refresh suggestions' }).click();
      await page.waitForTimeout(250);
    }
    await suggestion.getByRole('button', { name: 'Order' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `placed with ${supplier}` })
      .waitFor();
    // The list is the read model, a moment behind the order's stream.
    const ordered = await waitFor(
      async () =>
        (await getJson(`${system.url('replenishment')}/purchase-orders?status=open&sku=${bought}`)).body
          .items[0],
      { what: 'the suggested order listed', timeoutMs: 30_000 },
    );
    expect(ordered).toMatchObject({ supplierCode: supplier, lines: [{ sku: bought, qty: 5 }] });
  });

  it('lists the SKUs shoppers wait for on the Back in stock page', async () => {
    const awaited = `WAIT-${system.runId}`;
    await sendJson('POST', catalog('/source-items'), {
      items: [{ sku: awaited, sourceCode: 'default', quantity: 0, status: 'out_of_stock' }],
    });
    await sendJson('PUT', catalog(`/products/${awaited}/settings`), { allowBackInStockSubscriptions: true });
    for (const shopper of ['ada', 'grace']) {
      await waitFor(
        async () => {
          const answer = await sendJson('POST', `${system.url('notification')}/stock-alert-subscriptions`, {
            email: `${shopper}-${system.runId}@example.com`,
            sku: awaited,
            salesChannel: 'base',
          });
          return answer.status === 201 ? answer : undefined;
        },
        { what: `${shopper}'s subscription (the SKU known as out of stock, subscriptions allowed)` },
      );
    }
    await goTo('Back in stock');
    const row = page.locator(`tr[data-demand="${awaited}"]`);
    await refreshUntilShown(row, 15_000);
    expect(await row.locator('td').nth(2).textContent()).toBe('2');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'back-in-stock.png') });
  });

  it('lets an ops key in to the dead letters, and not to the catalog', async () => {
    const opsKey = await createKey(`console ops ${system.runId}`, ['ops']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.fill('input[name=apiKey]', opsKey);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Dead letters', exact: true }).waitFor(); // ops' landing page
    await page.getByText(/fulfillment \d+/).waitFor(); // the letters' count per service
    expect(await page.getByRole('alert').count()).toBe(0);

    await goTo('Sources');
    await page.getByRole('alert').filter({ hasText: 'admin' }).waitFor(); // the roles the route admits
  });
});

/** Waits for a cell to read exactly this text (it changes by itself: live updates, reloads). */
async function waitForText(locator: Locator, text: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if ((await locator.textContent().catch(() => null))?.trim() === text) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Timed out waiting for "${text}"; it reads "${await locator.textContent().catch(() => '')}"`,
  );
}
