import { ApiProperty } from '@nestjs/swagger';
import { OrderLine } from '@inventory/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';

export class RequestedLine extends OrderLine {
  @ApiProperty({ example: 'HDB-001' }) declare readonly sku: string;
  @ApiProperty({ example: 2 }) declare readonly qty: number;
}

/** The lines of a checkout check or a cart hold: up to 500 `{sku, qty}`. */
export class RequestedLines {
  @ApiProperty({ type: [RequestedLine] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RequestedLine)
  readonly items!: RequestedLine[];
}
