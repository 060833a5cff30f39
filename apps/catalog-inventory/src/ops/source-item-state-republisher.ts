import { Inject, Injectable } from '@nestjs/common';
import { STATE_TOPICS } from '@inventory/contracts';
import {
  MESSAGE_PUBLISHER,
  MessagePublisher,
  SourceItemStateMessage,
  sourceItemStateKey,
} from '@inventory/messaging';
import { DataSource } from 'typeorm';
import { SOURCE_ITEM_COLUMNS, SourceItemRow, toSourceItemView } from '../source-items/source-item-store';

const PAGE = 5_000;

/**
 * Writes every source item into the compacted `inventory.source-items-state.v1`: for a state topic
 * created after the events it should hold. The rows carry no catalog version (`version: null`,
 * older than any numbered change), so a consumer keeping the highest version is not misled by a
 * row read just before a change.
 */
@Injectable()
export class SourceItemStateRepublisher {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  async run(onProgress: (published: number) => void = () => undefined): Promise<{ published: number }> {
    let published = 0;
    let after: [string, string] = ['', ''];
    for (;;) {
      const rows: (SourceItemRow & { updated_at: Date })[] = await this.dataSource.query(
        `SELECT ${SOURCE_ITEM_COLUMNS}, updated_at FROM source_items
          WHERE (sku, source_code) > ($1, $2) ORDER BY sku, source_code LIMIT $3`,
        [...after, PAGE],
      );
      if (!rows.length) return { published };
      await this.publisher.publish(
        rows.map((row) => {
          const state: SourceItemStateMessage = {
            ...toSourceItemView(row),
            version: null,
            updatedAt: row.updated_at.toISOString(),
            eventId: null,
          };
          return {
            topic: STATE_TOPICS.sourceItemsState,
            key: sourceItemStateKey(row.sku, row.source_code),
            value: JSON.stringify(state),
            headers: {},
          };
        }),
      );
      published += rows.length;
      after = [rows[rows.length - 1].sku, rows[rows.length - 1].source_code];
      onProgress(published);
    }
  }
}
