import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Access } from '@inventory/service-runtime';
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
  place(@Body() request: PlaceHoldRequest): Promise<PlacedHold> {
    return this.holds.place(request);
  }

  @Get(':id')
  @ApiNotFoundResponse()
  get(@Param() { id }: HoldIdParam) {
    return this.holds.get(id);
  }

  /** The cart is gone: the units go back at once (once, however often this is called). */
  @Delete(':id')
  @ApiOkResponse({ description: 'The hold, released' })
  @ApiNotFoundResponse()
  release(@Param() { id }: HoldIdParam) {
    return this.holds.release(id);
  }
}
