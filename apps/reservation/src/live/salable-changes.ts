import { randomUUID } from 'node:crypto';
import {
  BeforeApplicationShutdown,
  Controller,
  Get,
  HttpException,
  Inject,
  Injectable,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiKeyVerifier, Role } from '@inventory/access-control';
import { EventOf, IsCodePrefix } from '@inventory/contracts';
import { EventPattern, Payload } from '@nestjs/microservices';
import { METRICS_REGISTRY, counterIn, gaugeIn } from '@inventory/observability';
import { Access, AuthenticatedRequest, ErrorBody, presentedApiKey } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { Response } from 'express';
import { Registry } from 'prom-client';
import { LiveStreams, liveStreamLimitsFromEnv } from './live-streams';

type SalableChange = EventOf<'SalableQuantityChanged'>['data'];

/**
 * Every SalableQuantityChanged, as it is published, to the streams open on this instance: each
 * instance reads inventory.salable.v1 with a group of its own from the end, so a client connected
 * to any instance sees every change, whichever instance's projection made it. The streams end at
 * shutdown, before the HTTP server waits for its connections.
 */
@Injectable()
export class SalableChangesFeed implements BeforeApplicationShutdown {
  readonly streams: LiveStreams<SalableChange>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const ended = counterIn(registry, {
      name: 'live_streams_ended_total',
      help: 'Server-sent event streams the server ended: key_revoked, overflow (the client stopped reading), shutdown',
      labelNames: ['reason'],
    });
    this.streams = new LiveStreams<SalableChange>(
      liveStreamLimitsFromEnv(),
      (change) => `${change.stockId}:${change.sku}`,
      (reason) => ended.inc({ reason }),
    );
    const streams = this.streams;
    gaugeIn(registry, {
      name: 'live_streams_open',
      help: 'Server-sent event streams open on this instance (GET /salable-changes)',
      collect() {
        this.set(streams.size);
      },
    });
  }

  beforeApplicationShutdown(): void {
    this.streams.closeAll('shutdown');
  }
}

class SalableChangesQuery {
  @ApiPropertyOptional({ example: 'HDB-', description: 'Only SKUs that start with this' })
  @IsOptional()
  @IsCodePrefix()
  readonly skuPrefix?: string;
}

const STREAM_ROLES: Role[] = ['admin', 'order-system', 'storefront'];

/**
 * This instance's view of inventory.salable.v1: a group of its own, from the end of the topic,
 * committing nothing (see KafkaEventExtras.liveView).
 */
const LIVE_VIEW = { group: `reservation-live-${randomUUID().slice(0, 8)}`, liveView: true };

@ApiTags('salable-quantity')
@Access(...STREAM_ROLES)
@Controller('salable-changes')
export class SalableChangesController {
  constructor(
    private readonly feed: SalableChangesFeed,
    private readonly verifier: ApiKeyVerifier,
  ) {}

  /** Each change published (by any instance's projection), as it comes: to this instance's streams. */
  @EventPattern('SalableQuantityChanged', LIVE_VIEW)
  changed(@Payload() event: EventOf<'SalableQuantityChanged'>): void {
    this.feed.streams.publish(event.data);
  }

  /**
   * Server-sent events: one `salable` event per SalableQuantityChanged from now on (data: its
   * JSON, `{stockId, sku, salableQty, isSalable, onlyXLeft, backorders}`), a `: ping` comment
   * now and then. A client that reads slowly gets the latest change of each stock and SKU rather
   * than every one. The server ends a stream with a `close` event (`{reason}`: `key_revoked`,
   * `shutdown`) or drops a client that stopped reading; reconnect and read the current state.
   * At most SSE_MAX_PER_KEY streams per key (429 `too_many_streams_for_key`) and
   * SSE_MAX_CONNECTIONS per instance (503 `too_many_streams`).
   */
  @Get()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  stream(
    @Query() { skuPrefix }: SalableChangesQuery,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): void {
    const key = presentedApiKey(request.headers);
    const refusal = this.feed.streams.open(response, {
      keyId: request.caller!.keyId,
      accepts: (change) => !skuPrefix || change.sku.startsWith(skuPrefix),
      stillAllowed: async () => {
        const verification = await this.verifier.verify(key);
        return verification.ok && verification.caller.roles.some((role) => STREAM_ROLES.includes(role));
      },
    });
    if (refusal) {
      const body: ErrorBody = { statusCode: refusal.status, code: refusal.code, message: refusal.message };
      if (refusal.status === 503) response.setHeader('retry-after', '5');
      throw new HttpException(body, refusal.status);
    }
  }
}
