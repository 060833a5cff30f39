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
import { IsCode, OrderLine } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { HoldsService } from './holds.service';

class HoldLine extends OrderLine {
  @ApiProperty({ example: 'HDB-001' }) declare readonly sku: string;
  @ApiProperty({ example: 2 }) declare readonly qty: number;
}

export class PlaceHoldRequest {
  @ApiProperty({ example: 'base' }) @IsCode() readonly salesChannel!: string;
  @ApiProperty({ type: [HoldLine] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => HoldLine)
  readonly items!: HoldLine[];
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
