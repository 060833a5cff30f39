import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsPositiveQuantity } from '@inventory/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional, ValidateNested } from 'class-validator';

export class ShipmentItemRequest {
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'warehouse-east' }) @IsCode() readonly sourceCode!: string;
  @ApiProperty({ example: 2 }) @IsPositiveQuantity() readonly qty!: number;
}

export class CreateShipmentRequest {
  @ApiProperty({ example: 'order-1001' }) @IsCode() readonly orderId!: string;
  @ApiProperty({ type: [ShipmentItemRequest] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ShipmentItemRequest)
  readonly items!: ShipmentItemRequest[];
  @ApiPropertyOptional({
    example: 'shp-1001-1',
    description:
      'Your id for the shipment. Sending the same request again answers with the shipment already made instead of shipping twice',
  })
  @IsOptional()
  @IsCode()
  readonly shipmentId?: string;
  @ApiPropertyOptional({
    example: 'store-soho',
    description:
      'In-store pickup: the pickup location (a source flagged isPickupLocation) the customer collects from',
  })
  @IsOptional()
  @IsCode()
  readonly pickupLocationCode?: string;
}

export class ShipmentIdParam {
  @IsCode() readonly shipmentId!: string;
}

export class ShipmentItemView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'warehouse-east' }) readonly sourceCode!: string;
  @ApiProperty({ example: 2 }) readonly qty!: number;
  @ApiProperty({ description: "The catalog has deducted it from the source's quantity" })
  readonly deducted!: boolean;
}

export type ShipmentStatus = 'shipped' | 'awaiting_pickup' | 'picked_up';

export class ShipmentView {
  @ApiProperty({ example: 'shp-1001-1' }) readonly shipmentId!: string;
  @ApiProperty({ example: 'order-1001' }) readonly orderId!: string;
  @ApiProperty({ enum: ['shipment', 'pickup'] }) readonly kind!: 'shipment' | 'pickup';
  @ApiProperty({ enum: ['shipped', 'awaiting_pickup', 'picked_up'] }) readonly status!: ShipmentStatus;
  @ApiProperty({ type: String, nullable: true }) readonly pickupLocationCode!: string | null;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) readonly pickedUpAt!: string | null;
  @ApiProperty({ type: [ShipmentItemView] }) readonly items!: readonly ShipmentItemView[];
}
