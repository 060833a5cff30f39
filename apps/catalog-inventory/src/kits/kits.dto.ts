import { ApiProperty } from '@nestjs/swagger';
import { IsCode, IsQuantity, MAX_QTY } from '@inventory/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, Max, Min, ValidateNested } from 'class-validator';

export class KitComponentInput {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 2, description: 'Units of the component in one kit' })
  @IsQuantity()
  @Min(0.0001)
  @Max(MAX_QTY)
  readonly qty!: number;
}

/** The whole list of a kit's components; empty: the SKU is no longer a kit. */
export class KitComponentsRequest {
  @ApiProperty({ type: [KitComponentInput] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => KitComponentInput)
  readonly components!: KitComponentInput[];
}

export class KitView {
  @ApiProperty({ example: 'GIFT-BOX' }) readonly sku!: string;
  @ApiProperty({ type: [KitComponentInput], description: 'Empty: not a kit' })
  readonly components!: KitComponentInput[];
}
