import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Caller } from '@inventory/access-control';
import { Access, CallerOf, assertMayActFor } from '@inventory/service-runtime';
import { RequestedLines } from '../checkout/requested-lines.dto';
import { HoldsService } from './holds.service';

export class PlaceHoldRequest extends RequestedLines {
  @ApiProperty({ example: 'base' }) @IsCode() readonly salesChannel!: string;
  @ApiPropertyOptional({ description: 'Default HOLD_TTL_SECONDS (900)', example: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  readonly ttlSeconds?: number;
}

class PlacedHold {
  @ApiProperty() readonly holdId!: string;
  @ApiProperty() readonly expiresAt!: string;
}

class HoldIdParam {
  @IsCode() readonly id!: string;
}

@ApiTags('holds')
@Access('admin', 'order-system')
@Controller('holds')
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  /** Reserves the lines for a cart (all or none) until the hold expires, is released or converted. */
  @Post()
  @ApiCreatedResponse({ type: PlacedHold })
  @ApiConflictResponse({ description: 'A line cannot be sold now: each line with its Magento code' })
  @ApiForbiddenResponse({ description: 'sales_channel_forbidden: the key is scoped to other channels' })
  place(@Body() request: PlaceHoldRequest, @CallerOf() caller?: Caller): Promise<PlacedHold> {
    assertMayActFor(caller, request.salesChannel, 'salesChannel');
    return this.holds.place(request);
  }

  /** The hold; a key scoped to other sales channels gets 404, as for a hold that does not exist. */
  @Get(':id')
  @ApiNotFoundResponse()
  get(@Param() { id }: HoldIdParam, @CallerOf() caller?: Caller) {
    return this.holds.get(id, caller);
  }

  /** The cart is gone: the units go back at once (once, however often this is called). */
  @Delete(':id')
  @ApiOkResponse({ description: 'The hold, released' })
  @ApiNotFoundResponse()
  release(@Param() { id }: HoldIdParam, @CallerOf() caller?: Caller) {
    return this.holds.release(id, 'released', caller);
  }
}
