import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DeadLetterBox, DeadLetterView, StoredDeadLetter } from '@inventory/messaging';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumberString, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Access } from '../access/access.decorators';
import { ApiError } from '../http-errors';
import { LimitQuery } from '../paging';
import { optionalProvider } from '../optional-provider';
import { PARKED_EVENTS, ParkedEventView, ParkedEvents } from './parked-events';

const TOPIC_NAME = /^[a-z0-9][a-z0-9._-]{0,199}$/;
const TOPIC_PROBLEM = 'topic must be a topic name such as orders.v1';

class DeadLettersQuery extends LimitQuery {
  @ApiPropertyOptional({
    example: 'orders.v1',
    description: 'The original topic (default: all this service consumes)',
  })
  @IsOptional()
  @Matches(TOPIC_NAME, { message: TOPIC_PROBLEM })
  readonly topic?: string;

  @ApiPropertyOptional({ example: 'handler_failed', description: 'Only letters with this reason' })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,100}$/, { message: 'reason must be a reason code such as handler_failed' })
  readonly reason?: string;

  @ApiPropertyOptional({ example: 'OrderPlaced', description: 'Only letters of this event type' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,100}$/, { message: 'eventType must be an event type such as OrderPlaced' })
  readonly eventType?: string;

  @ApiPropertyOptional({ description: 'true: only letters re-driven since; false: only those not re-driven' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'redriven must be true or false' })
  readonly redriven?: 'true' | 'false';

  @ApiPropertyOptional({ example: '120', description: 'The id of the last letter of the previous page' })
  @IsOptional()
  @Matches(/^[0-9]{1,19}$/, { message: 'before must be the id of a dead letter' })
  readonly before?: string;
}

class RedriveRequest {
  @ApiProperty({ example: 'orders.v1', description: 'The original topic; the letter is on <topic>.dlq' })
  @Matches(TOPIC_NAME, { message: TOPIC_PROBLEM })
  readonly topic!: string;

  @ApiProperty({ example: 0, description: 'The letter’s partition on the DLQ topic' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  readonly partition!: number;

  @ApiProperty({ example: '12', description: 'The letter’s offset on the DLQ topic' })
  @IsNumberString({ no_symbols: true })
  @MaxLength(19)
  readonly offset!: string;
}

class DeadLetterListView {
  @ApiProperty({ example: ['inventory.catalog.v1', 'orders.v1'], description: 'What this service consumes' })
  readonly topics!: readonly string[];
  @ApiProperty({
    description:
      'Newest first: id, topic, consumer group, reason, error, original partition and offset, the message, re-drives',
  })
  readonly items!: readonly StoredDeadLetter[];
  @ApiProperty({ example: 3, description: 'Letters matching the filter' }) readonly total!: number;
  @ApiPropertyOptional({
    example: '97',
    description: 'Pass as `before` for the next page; absent on the last',
  })
  readonly nextBefore?: string;
  @ApiProperty({
    type: [ParkedEventView],
    description: 'Events a projection of this service set aside after its retries (oldest first)',
  })
  readonly parked!: readonly ParkedEventView[];
}

class DeadLetterIdParam {
  @Matches(/^[0-9]{1,19}$/, { message: 'id must be the id of a dead letter' })
  readonly id!: string;
}

class ParkedIdParam {
  @Matches(/^[0-9]{1,19}$/, { message: 'id must be the number of a parked event' })
  readonly id!: string;
}

/**
 * The letters this service's consumer groups sent to a DLQ, and their re-drive (ops; the console's
 * DLQ page). `npm run dlq` does the same from a shell.
 */
@ApiTags('dead-letters')
@Access('admin', 'ops')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(
    private readonly box: DeadLetterBox,
    private readonly moduleRef: ModuleRef,
  ) {}

  private get parked() {
    return optionalProvider<ParkedEvents>(this.moduleRef, PARKED_EVENTS);
  }

  /** The letters of this service's groups, kept in its database, page by page. */
  @Get()
  @ApiOkResponse({ type: DeadLetterListView })
  async list(
    @Query() { topic, reason, eventType, redriven, before, limit = 100 }: DeadLettersQuery,
  ): Promise<DeadLetterListView> {
    const topics = this.consumedTopics(topic);
    const filter = {
      topic,
      reason,
      eventType,
      redriven: redriven === undefined ? undefined : redriven === 'true',
    };
    const [page, parked] = await Promise.all([
      this.box.page(filter, limit, before),
      this.parked?.list() ?? [],
    ]);
    const nextBefore = page.items.length === limit ? page.items.at(-1)?.id : undefined;
    return { topics, ...page, ...(nextBefore ? { nextBefore } : {}), parked };
  }

  /** Publishes the letter again to its original topic, with its key, bytes and headers, and marks it. */
  @Post(':id/redrive')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The letter, now published again to its topic' })
  @ApiNotFoundResponse({ description: 'No letter of this service with that id' })
  @ApiConflictResponse({ description: 'dead_letter_too_old: older than the inboxes remember' })
  async redriveById(@Param() { id }: DeadLetterIdParam): Promise<{ redriven: StoredDeadLetter }> {
    const redriven = await this.box.redriveById(id);
    if (!redriven) throw ApiError.notFound('dead_letter_not_found', `No dead letter ${id} of this service`);
    if (redriven === 'too_old')
      throw new ApiError(
        HttpStatus.CONFLICT,
        'dead_letter_too_old',
        `Dead letter ${id} is older than the inboxes remember (INBOX_RETENTION_DAYS): sent again, it could be applied twice; repair by hand`,
      );
    return { redriven };
  }

  /** Applies a parked event (and those parked after it on its stream) again, once its cause is fixed. */
  @Post('parked/:id/redrive')
  @ApiOkResponse({ description: 'What was applied and what is still parked' })
  @ApiNotFoundResponse({ description: 'No parked event with this id' })
  async redriveParked(@Param() { id }: ParkedIdParam) {
    const outcome = await this.parked?.redrive(id);
    if (!outcome) throw ApiError.notFound('parked_event_not_found', `No parked event ${id}`);
    return outcome;
  }

  /**
   * Publishes the letter at that position of `<topic>.dlq` again to its original topic (read from
   * the DLQ topic, as `npm run dlq` lists them); `POST /dead-letters/:id/redrive` is the table's.
   */
  @Post('redrive')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'The letter, now published again to its topic' })
  @ApiNotFoundResponse({ description: 'No letter of this service at that position' })
  async redrive(@Body() address: RedriveRequest): Promise<{ redriven: DeadLetterView }> {
    this.consumedTopics(address.topic);
    const redriven = await this.box.redrive(address);
    if (!redriven)
      throw ApiError.notFound(
        'dead_letter_not_found',
        `No letter of this service at ${address.topic}.dlq partition ${address.partition} offset ${address.offset}`,
      );
    return { redriven };
  }

  /** The topics this service consumes; a 400 naming them when `topic` is given and not one of them. */
  private consumedTopics(topic?: string): string[] {
    const topics = this.box.topics();
    if (topic !== undefined && !topics.includes(topic))
      throw ApiError.forFields(
        HttpStatus.BAD_REQUEST,
        'validation_failed',
        'Not a topic this service consumes',
        [{ field: 'topic', problems: [`${topic} is not one of ${topics.join(', ')}`] }],
      );
    return topics;
  }
}
