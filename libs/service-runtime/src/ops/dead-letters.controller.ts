import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DeadLetterBox, DeadLetterView } from '@inventory/messaging';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
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
  @ApiProperty({ description: 'Newest first, each with its group, reason, error and original position' })
  readonly items!: readonly DeadLetterView[];
  @ApiProperty({ example: 3 }) readonly total!: number;
  @ApiProperty({
    type: [ParkedEventView],
    description: 'Events a projection of this service set aside after its retries (oldest first)',
  })
  readonly parked!: readonly ParkedEventView[];
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

  @Get()
  @ApiOkResponse({ type: DeadLetterListView })
  async list(@Query() { topic, limit }: DeadLettersQuery): Promise<DeadLetterListView> {
    const topics = this.consumedTopics(topic);
    const [letters, parked] = await Promise.all([this.box.list(topic), this.parked?.list() ?? []]);
    return { topics, items: letters.slice(0, limit ?? 100), total: letters.length, parked };
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

  /** Publishes the letter again to its original topic, with its key, bytes and headers. */
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
