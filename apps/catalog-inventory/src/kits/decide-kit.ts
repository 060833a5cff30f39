import { FieldError, Refusal } from '@inventory/contracts';

export interface KitComponentLine {
  readonly sku: string;
  readonly qty: number;
}

/** What the catalog knows that a kit definition must agree with. */
export interface KitContext {
  /** SKUs that are kits now (the one being defined included, if it is one). */
  readonly kits: ReadonlySet<string>;
  /** Kits that use each SKU as a component. */
  readonly usedBy: ReadonlyMap<string, readonly string[]>;
  /** Whether the SKU has source items (a kit has none: its units are its components'). */
  readonly hasSourceItems: (sku: string) => boolean;
  /** Whether the SKU may be sold in fractions ("Qty Uses Decimals"). */
  readonly usesDecimals: (sku: string) => boolean;
}

/**
 * A SKU's components, checked: one level only (a component is never a kit, and a kit is never a
 * component: no kit can contain itself, directly or through others), no component twice, a kit
 * without source items of its own, whole units of a component counted in whole units. An empty
 * list makes the SKU an ordinary product again. Refusals name the field.
 */
export function decideKit(
  sku: string,
  components: readonly KitComponentLine[],
  context: KitContext,
): KitComponentLine[] {
  if (components.length === 0) return [];
  const invalid: FieldError[] = [];
  const seen = new Map<string, number>();
  components.forEach((component, index) => {
    const problems: string[] = [];
    if (component.sku === sku) problems.push(`a kit cannot contain itself`);
    const earlier = seen.get(component.sku);
    if (earlier !== undefined) problems.push(`repeats "${component.sku}" of components.${earlier}`);
    else seen.set(component.sku, index);
    if (component.sku !== sku && context.kits.has(component.sku))
      problems.push(`"${component.sku}" is a kit: a kit's components are ordinary products`);
    if (!context.usesDecimals(component.sku) && !Number.isInteger(component.qty))
      problems.push(
        `"${component.sku}" is counted in whole units (Qty Uses Decimals is off): ${component.qty}`,
      );
    if (problems.length) invalid.push({ field: `components.${index}`, problems });
  });
  if (invalid.length)
    throw new Refusal('invalid_kit', 'The components cannot make this kit', {
      kind: 'invalid',
      errors: invalid,
    });
  const containers = context.usedBy.get(sku) ?? [];
  if (containers.length)
    throw new Refusal(
      'kit_is_component',
      `"${sku}" is a component of ${containers.map((kit) => `"${kit}"`).join(', ')}`,
      {
        errors: [
          {
            field: 'components',
            problems: [`"${sku}" is a component of another kit, so it cannot be a kit`],
          },
        ],
      },
    );
  if (context.hasSourceItems(sku))
    throw new Refusal(
      'kit_has_source_items',
      `"${sku}" has source items: a kit's units are its components'`,
      {
        errors: [{ field: 'components', problems: [`unassign "${sku}" from its sources first`] }],
      },
    );
  return components.map(({ sku: component, qty }) => ({ sku: component, qty }));
}
