import { Injectable } from '@nestjs/common';
import { createEvent } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { SaveSourceRequest, SourceView } from './source.dto';
import { nextCatalogVersion } from '../catalog-version/catalog-version';

export interface SourceRow {
  code: string;
  name: string;
  enabled: boolean;
  latitude: number | null;
  longitude: number | null;
  is_pickup_location: boolean;
  contact: SourceView['contact'];
  address: SourceView['address'];
  description: string | null;
}

/** The SourceSaved a source's current row stands for (optional parts only when set). */
export function sourceSaved(source: SourceView, version: number) {
  const { contact, address, description, ...rest } = source;
  const data = {
    ...rest,
    ...(contact && { contact }),
    ...(address && { address }),
    ...(description && { description }),
  };
  return createEvent('SourceSaved', { ...data, version }, { source: 'catalog-inventory' });
}

export const toView = (row: SourceRow): SourceView => ({
  code: row.code,
  name: row.name,
  enabled: row.enabled,
  latitude: row.latitude,
  longitude: row.longitude,
  isPickupLocation: row.is_pickup_location,
  contact: row.contact,
  address: row.address,
  description: row.description,
});

@Injectable()
export class SourcesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Creates or replaces a source and publishes SourceSaved. Returns whether it was created. */
  async save(code: string, request: SaveSourceRequest): Promise<{ source: SourceView; created: boolean }> {
    return this.unitOfWork.run(async ({ tx, publish }) => {
      const [row]: (SourceRow & { created: boolean })[] = await tx.query(
        `INSERT INTO sources (code, name, enabled, latitude, longitude, is_pickup_location, contact, address, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO UPDATE SET
           name = excluded.name, enabled = excluded.enabled, latitude = excluded.latitude,
           longitude = excluded.longitude, is_pickup_location = excluded.is_pickup_location,
           contact = excluded.contact, address = excluded.address, description = excluded.description,
           updated_at = now()
         RETURNING *, (xmax = 0) AS created`,
        [
          code,
          request.name,
          request.enabled,
          request.latitude ?? null,
          request.longitude ?? null,
          request.isPickupLocation ?? false,
          request.contact ? JSON.stringify(request.contact) : null,
          request.address ? JSON.stringify(request.address) : null,
          request.description ?? null,
        ],
      );
      const source = toView(row);
      publish({ event: sourceSaved(source, await nextCatalogVersion(tx)), key: code });
      return { source, created: row.created };
    });
  }

  async get(code: string): Promise<SourceView> {
    const rows: SourceRow[] = await this.dataSource.query(`SELECT * FROM sources WHERE code = $1`, [code]);
    if (!rows.length) throw ApiError.notFound('source_not_found', `Source "${code}" does not exist`);
    return toView(rows[0]);
  }

  async list(limit = 100, offset = 0): Promise<{ items: SourceView[]; total: number }> {
    const rows: SourceRow[] = await this.dataSource.query(
      `SELECT * FROM sources ORDER BY code LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM sources`);
    return { items: rows.map(toView), total };
  }
}
