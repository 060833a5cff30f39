import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf } from '@inventory/contracts';
import { UnitOfWork, catalogKey, claimIfNewer } from '@inventory/messaging';

const GROUP = 'replenishment-catalog';
const consumer = { group: GROUP };

/**
 * This service's copy of what it needs of the catalog (inventory.catalog.v1): the sources goods
 * arrive at, and the settings that say which SKUs are bought in fractions. A change applies only
 * when its catalog version is newer than what was applied for that source or settings scope.
 */
@Controller()
export class CatalogViewHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @EventPattern('SourceSaved', consumer)
  sourceSaved(@Payload() event: EventOf<'SourceSaved'>): Promise<unknown> {
    const { code, name, enabled, version } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.source(code), version))) return;
      await tx.query(
        `INSERT INTO catalog_sources (code, name, enabled) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, enabled = excluded.enabled`,
        [code, name, enabled],
      );
    });
  }

  @EventPattern('InventorySettingsChanged', consumer)
  settingsChanged(@Payload() event: EventOf<'InventorySettingsChanged'>): Promise<unknown> {
    const { scope, sku, settings, version } = event.data;
    const key = scope === 'sku' && sku ? `sku:${sku}` : 'global';
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.settings(key === 'global' ? undefined : sku), version)))
        return;
      await tx.query(
        `INSERT INTO catalog_settings (scope, settings) VALUES ($1, $2)
         ON CONFLICT (scope) DO UPDATE SET settings = excluded.settings`,
        [key, JSON.stringify(settings)],
      );
    });
  }
}
