import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsPositiveQuantity } from '@inventory/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsOptional, ValidateNested } from 'class-validator';

export class CreditMemoItemRequest {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 1 }) @IsPositiveQuantity() readonly qty!: number;
  @ApiProperty({ description: 'Put refunded units that were shipped back on the shelf' })
  @IsBoolean()
  readonly returnToStock!: boolean;
  @ApiPropertyOptional({
    example: 'default',
    description: 'Where returned units go; by default back to the sources they shipped from',
  })
  @IsOptional()
  @IsCode()
  readonly sourceCode?: string;
}

export class CreateCreditMemoRequest {
  @ApiProperty({ example: 'order-1001' }) @IsCode() readonly orderId!: string;
  @ApiProperty({ type: [CreditMemoItemRequest] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CreditMemoItemRequest)
  readonly items!: CreditMemoItemRequest[];
  @ApiPropertyOptional({
    example: 'cm-1001-1',
    description:
      'Your id for the credit memo; the same request sent again answers with the memo already made',
  })
  @IsOptional()
  @IsCode()
  readonly creditMemoId?: string;
}

export class CreditMemoIdParam {
  @IsCode() readonly creditMemoId!: string;
}

export class CreditMemoItemView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 1 }) readonly qty!: number;
  @ApiProperty() readonly returnToStock!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'default' }) readonly sourceCode!: string | null;
  @ApiProperty({ description: 'The refunded units had shipped (false: refunded before shipment)' })
  readonly shipped!: boolean;
}

export class CreditMemoView {
  @ApiProperty({ example: 'cm-1001-1' }) readonly creditMemoId!: string;
  @ApiProperty({ example: 'order-1001' }) readonly orderId!: string;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty({
    type: [CreditMemoItemView],
    description: 'As published in CreditMemoCreated: a refund of shipped and unshipped units is two lines',
  })
  readonly items!: readonly CreditMemoItemView[];
}
