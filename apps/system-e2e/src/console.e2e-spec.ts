import path from 'node:path';
import { KafkaTestClient, ServiceProcess } from '@inventory/testing';
import { Browser, Page, chromium } from 'playwright-core';
import { orderPlaced } from './fixtures';
import { getJson, sendJson } from './http';
import { RunningSystem } from './system';

jest.setTimeout(180_000);

const CONSOLE_PORT = 3100;
const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots');

/**
 * The merchant's console (issue 11) in Debian's Chromium, driven by playwright-core, against the
 * four running services: what the merchant does on screen is checked at the services' own routes.
 */
describe('the console in a browser', () => {
  const system = new RunningSystem();
  const consoleApp = new ServiceProcess('console', CONSOLE_PORT, {
    CONSOLE_PORT: String(CONSOLE_PORT),
    CATALOG_URL: system.url('catalog-inventory'),
    RESERVATION_URL: system.url('reservation'),
    FULFILLMENT_URL: system.url('fulfillment'),
    NOTIFICATION_URL: system.url('notification'),
  });
  const code = `console-east-${system.runId}`;
  const channel = `console-${system.runId}`;
  const sku = `CONSOLE-${system.runId}`;
  const kafka = new KafkaTestClient();
  let stockId: number;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
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
  });

  const row = (sourceCode: string) => page.locator(`tr[data-source="${sourceCode}"]`);
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
    await page.getByRole('heading', { name: 'Products', exact: true }).waitFor(); // the landing page
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
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sources.png'), fullPage: true });

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
    await page.screenshot({ path: path.join(SCREENSHOTS, 'stocks.png'), fullPage: true });
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
    const orderId = `order-${system.runId}-console`;
    await kafka.publish(orderPlaced(orderId, sku, 3, channel), orderId);
    await waitForText(salableCell, '9');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'products.png'), fullPage: true });
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
    const lowRow = page.locator(`tr[data-low="${sku}|${code}"]`);
    for (let attempt = 0; attempt < 40 && !(await lowRow.count()); attempt++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(250);
    }
    expect(await lowRow.textContent()).toMatch(/8\s*10/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'low-stock.png'), fullPage: true });
  });
});

/** Waits for a cell to read exactly this text (it changes by itself: live updates, reloads). */
async function waitForText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if ((await locator.textContent().catch(() => null))?.trim() === text) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Timed out waiting for "${text}"; it reads "${await locator.textContent().catch(() => '')}"`,
  );
}
