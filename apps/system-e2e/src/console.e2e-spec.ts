import path from 'node:path';
import { ServiceProcess } from '@inventory/testing';
import { Browser, Page, chromium } from 'playwright-core';
import { getJson } from './http';
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
    await browser?.close();
    await consoleApp.stop();
    await system.stop();
  });

  const row = (sourceCode: string) => page.locator(`tr[data-source="${sourceCode}"]`);

  it('refuses a wrong key and signs in with a good one', async () => {
    await page.goto(`http://127.0.0.1:${CONSOLE_PORT}/`);
    await page.fill('input[name=apiKey]', 'inv_0123456789ab_not-a-key');
    await page.click('button[type=submit]');
    await page.getByRole('alert').filter({ hasText: 'The API key is unknown or revoked' }).waitFor();

    await page.fill('input[name=apiKey]', process.env.TEST_API_KEY as string);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Sources' }).waitFor();
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
});
