import { Inject, Injectable } from '@nestjs/common';
import { STATE_TOPICS, createEvent } from '@inventory/contracts';
import {
  MESSAGE_PUBLISHER,
  MessagePublisher,
  salableStateKey,
  toOutgoingMessage,
} from '@inventory/messaging';
import { DataSource } from 'typeorm';
import { LIVE_TABLES, SalableRow, viewOfRow } from '../salable-quantity/salable-projection';

const PAGE = 5_000;

/**
 * Writes the salable quantity of every stock and SKU the projection holds into the compacted
 * `inventory.salable-state.v1`, as SalableQuantityChanged numbered with the projection's current
 * sequence: for a state topic created after the events it should hold, or emptied. Safe to run at
 * any time: a change published meanwhile has a higher sequence and lands after it.
 */
@Injectable()
export class SalableStateRepublisher {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  async run(onProgress: (published: number) => void = () => undefined): Promise<{ published: number }> {
    const [checkpoint] = await this.dataSource.query(
      `SELECT max(sequence)::bigint AS sequence FROM projection_checkpoints`,
    );
    const sequence = Number(checkpoint?.sequence ?? 0) || undefined;
    let published = 0;
    let after: [number, string] = [0, ''];
    for (;;) {
      const rows: SalableRow[] = await this.dataSource.query(
        `SELECT * FROM ${LIVE_TABLES.salable} WHERE (stock_id, sku) > ($1, $2) ORDER BY stock_id, sku LIMIT $3`,
        [...after, PAGE],
      );
      if (!rows.length) return { published };
      await this.publisher.publish(
        rows.map((row) => {
          const view = viewOfRow(row);
          const event = createEvent(
            'SalableQuantityChanged',
            { ...view, sequence },
            { source: 'reservation' },
          );
          return {
            ...toOutgoingMessage(event, view.sku),
            topic: STATE_TOPICS.salableState,
            key: salableStateKey(view),
          };
        }),
      );
      published += rows.length;
      const last = rows[rows.length - 1];
      after = [last.stock_id, last.sku];
      onProgress(published);
    }
  }
}
