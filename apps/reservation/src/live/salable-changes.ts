import { randomUUID } from 'node:crypto';
import { Controller, Injectable, MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EventOf, IntegrationEvent, IsCodePrefix, TOPICS } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler } from '@inventory/messaging';
import { Access } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { Observable, Subject, filter, interval, map, merge } from 'rxjs';

type SalableChange = EventOf<'SalableQuantityChanged'>['data'];

/**
 * Every SalableQuantityChanged, as it is published: each instance reads inventory.salable.v1 with
 * a group of its own from the end, so a client connected to any instance sees every change,
 * whichever instance's projection made it.
 */
@Injectable()
@ConsumeEvents({
  groupId: `reservation-live-${randomUUID().slice(0, 8)}`,
  topics: [TOPICS.salable],
  liveView: true,
})
export class SalableChangesFeed implements IntegrationEventHandler {
  private readonly changes = new Subject<SalableChange>();
  readonly changes$ = this.changes.asObservable();

  async handle(event: IntegrationEvent): Promise<void> {
    if (event.type === 'SalableQuantityChanged') this.changes.next(event.data);
  }
}

class SalableChangesQuery {
  @ApiPropertyOptional({ example: 'HDB-', description: 'Only SKUs that start with this' })
  @IsOptional()
  @IsCodePrefix()
  readonly skuPrefix?: string;
}

/** A keep-alive comment every 15 s, so proxies do not close a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

@ApiTags('salable-quantity')
@Access('admin', 'order-system', 'storefront')
@Controller('salable-changes')
export class SalableChangesController {
  constructor(private readonly feed: SalableChangesFeed) {}

  /**
   * Server-sent events: one `salable` event per SalableQuantityChanged from now on (data: its
   * JSON, `{stockId, sku, salableQty, isSalable, onlyXLeft, backorders}`), and a `ping` now and then.
   */
  @Sse()
  @ApiOkResponse({ description: 'text/event-stream' })
  stream(@Query() { skuPrefix }: SalableChangesQuery): Observable<MessageEvent> {
    const changes = this.feed.changes$.pipe(
      filter((change) => !skuPrefix || change.sku.startsWith(skuPrefix)),
      map((change): MessageEvent => ({ type: 'salable', data: change })),
    );
    const pings = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: '' })));
    return merge(changes, pings);
  }
}
