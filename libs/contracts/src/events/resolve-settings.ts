import { DEFAULT_INVENTORY_SETTINGS, InventorySettings, InventorySettingsPatch } from './settings';

export type SettingOrigin = 'product' | 'global' | 'default';

export type StoredSettings = { readonly [K in keyof InventorySettings]?: InventorySettings[K] | null };

export interface EffectiveSettings {
  readonly settings: InventorySettings;
  /** Where each value came from: the SKU's override, the global configuration, or the built-in default. */
  readonly origin: { readonly [K in keyof InventorySettings]: SettingOrigin };
}

const KEYS = Object.keys(DEFAULT_INVENTORY_SETTINGS) as (keyof InventorySettings)[];

/** Product override → global configuration → built-in default ("Use Config Settings"), field by field. */
export function resolveSettings(global: StoredSettings, product: StoredSettings = {}): EffectiveSettings {
  const settings: Record<string, unknown> = {};
  const origin: Record<string, SettingOrigin> = {};
  for (const key of KEYS) {
    const [value, from] =
      product[key] !== undefined && product[key] !== null
        ? [product[key], 'product' as const]
        : global[key] !== undefined && global[key] !== null
          ? [global[key], 'global' as const]
          : [DEFAULT_INVENTORY_SETTINGS[key], 'default' as const];
    settings[key] = value;
    origin[key] = from;
  }
  return {
    settings: settings as unknown as InventorySettings,
    origin: origin as EffectiveSettings['origin'],
  };
}

/**
 * Applies a PUT body to stored settings: a field present is set, `null` removes it (back to the
 * level below), a field absent keeps its value.
 */
export function mergeSettings(stored: StoredSettings, patch: InventorySettingsPatch): StoredSettings {
  const merged: Record<string, unknown> = { ...stored };
  for (const key of KEYS) {
    const value = (patch as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged as StoredSettings;
}

/** Only the fields of a patch that name a setting (unknown keys dropped). */
export function settingsPatchOf(value: object): InventorySettingsPatch {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => (KEYS as string[]).includes(key)),
  ) as InventorySettingsPatch;
}
