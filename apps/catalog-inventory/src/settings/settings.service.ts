import { HttpStatus, Injectable } from '@nestjs/common';
import {
  DEFAULT_INVENTORY_SETTINGS,
  EffectiveSettings,
  FieldError,
  InventorySettings,
  InventorySettingsPatch,
  StoredSettings,
  createEvent,
  mergeSettings,
  resolveSettings,
} from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { settingsProblems } from './settings-rules';
import { nextCatalogVersion } from '../catalog-version/catalog-version';

const GLOBAL = 'global';
const skuScope = (sku: string) => `sku:${sku}`;

export type Overrides = { [K in keyof InventorySettings]: InventorySettings[K] | null };

/** Every setting, null where this level sets nothing ("use global" / "use default"). */
export const overridesOf = (stored: StoredSettings): Overrides =>
  Object.fromEntries(
    Object.keys(DEFAULT_INVENTORY_SETTINGS).map((key) => [key, stored[key as keyof StoredSettings] ?? null]),
  ) as Overrides;

export interface GlobalSettingsView extends EffectiveSettings {
  readonly configured: Overrides;
}

export interface ProductSettingsView extends EffectiveSettings {
  readonly sku: string;
  readonly overrides: Overrides;
}

async function stored(
  db: EntityManager,
  scopes: readonly string[],
  lock: '' | 'FOR SHARE' = '',
): Promise<Map<string, StoredSettings>> {
  const rows: { scope: string; settings: StoredSettings }[] = await db.query(
    `SELECT scope, settings FROM inventory_settings WHERE scope = ANY($1) ${lock}`,
    [scopes],
  );
  return new Map(rows.map((row) => [row.scope, row.settings]));
}

/** Effective settings of several SKUs at once (product override → global → default). */
export async function effectiveSettings(
  db: EntityManager,
  skus: readonly string[],
): Promise<Map<string, EffectiveSettings>> {
  const all = await stored(db, [GLOBAL, ...skus.map(skuScope)]);
  const global = all.get(GLOBAL) ?? {};
  return new Map(skus.map((sku) => [sku, resolveSettings(global, all.get(skuScope(sku)) ?? {})]));
}

const MAX_NAMED_OVERRIDES = 20;

/**
 * A global change must not leave a SKU whose overrides rely on it invalid (global backorders back
 * to none under a SKU's negative minQty): 409 naming the SKUs, so the merchant fixes them first.
 */
async function rejectBrokenOverrides(tx: EntityManager, global: StoredSettings): Promise<void> {
  const overrides: { scope: string; settings: StoredSettings }[] = await tx.query(
    `SELECT scope, settings FROM inventory_settings WHERE scope LIKE 'sku:%' ORDER BY scope`,
  );
  const broken = overrides.flatMap(({ scope, settings }) => {
    const problems = settingsProblems(resolveSettings(global, settings).settings);
    const sku = scope.slice('sku:'.length);
    return problems.map(({ field, problems: messages }) => ({
      field: `products.${sku}.${field}`,
      problems: messages,
    }));
  });
  if (broken.length) {
    const more =
      broken.length > MAX_NAMED_OVERRIDES ? ` (first ${MAX_NAMED_OVERRIDES} of ${broken.length})` : '';
    throw ApiError.forFields(
      HttpStatus.CONFLICT,
      'settings_break_overrides',
      `This change would make existing SKU overrides invalid${more}; change those SKUs first`,
      broken.slice(0, MAX_NAMED_OVERRIDES),
    );
  }
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  async getGlobal(): Promise<GlobalSettingsView> {
    const global = (await stored(this.dataSource.manager, [GLOBAL])).get(GLOBAL) ?? {};
    return { configured: overridesOf(global), ...resolveSettings(global) };
  }

  async getProduct(sku: string): Promise<ProductSettingsView> {
    const all = await stored(this.dataSource.manager, [GLOBAL, skuScope(sku)]);
    const overrides = all.get(skuScope(sku)) ?? {};
    return { sku, overrides: overridesOf(overrides), ...resolveSettings(all.get(GLOBAL) ?? {}, overrides) };
  }

  /** Merges the change into the global configuration; null puts a field back to the built-in default. */
  async updateGlobal(patch: InventorySettingsPatch): Promise<GlobalSettingsView> {
    await this.update(
      GLOBAL,
      patch,
      async (global, _, tx) => {
        const problems = settingsProblems(resolveSettings(global).settings);
        if (!problems.length) await rejectBrokenOverrides(tx, global);
        return problems;
      },
      (settings) => ({ scope: 'global', settings }),
    );
    return this.getGlobal();
  }

  /** Merges the change into the SKU's overrides; null means "use global" again. */
  async updateProduct(sku: string, patch: InventorySettingsPatch): Promise<ProductSettingsView> {
    await this.update(
      skuScope(sku),
      patch,
      async (overrides, global) => settingsProblems(resolveSettings(global, overrides).settings),
      (settings) => ({ scope: 'sku', sku, settings }),
    );
    return this.getProduct(sku);
  }

  private async update(
    scope: string,
    patch: InventorySettingsPatch,
    problemsAfter: (
      merged: StoredSettings,
      global: StoredSettings,
      tx: EntityManager,
    ) => Promise<FieldError[]>,
    eventData: (settings: Overrides) => { scope: 'global' | 'sku'; sku?: string; settings: Overrides },
  ): Promise<void> {
    await this.unitOfWork.run(async ({ tx, publish }) => {
      // Lock the row so two concurrent merges cannot lose each other's fields.
      await tx.query(`INSERT INTO inventory_settings (scope) VALUES ($1) ON CONFLICT DO NOTHING`, [scope]);
      const [{ settings: current }] = await tx.query(
        `SELECT settings FROM inventory_settings WHERE scope = $1 FOR UPDATE`,
        [scope],
      );
      // FOR SHARE: a SKU change and a global change cannot each validate against the other's old value.
      const global = scope === GLOBAL ? {} : ((await stored(tx, [GLOBAL], 'FOR SHARE')).get(GLOBAL) ?? {});
      const merged = mergeSettings(current, patch);
      const problems = await problemsAfter(merged, global, tx);
      if (problems.length) {
        throw ApiError.forFields(
          HttpStatus.BAD_REQUEST,
          'invalid_settings',
          'These settings do not fit together',
          problems,
        );
      }
      await tx.query(`UPDATE inventory_settings SET settings = $2, updated_at = now() WHERE scope = $1`, [
        scope,
        JSON.stringify(merged),
      ]);
      const data = { ...eventData(overridesOf(merged)), version: await nextCatalogVersion(tx) };
      publish({
        event: createEvent('InventorySettingsChanged', data, { source: 'catalog-inventory' }),
        key: data.sku ?? GLOBAL,
      });
    });
  }
}
