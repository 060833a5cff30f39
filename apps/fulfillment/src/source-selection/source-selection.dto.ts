import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsText } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const text = (max: number) => (target: object, key: string | symbol) => {
  IsOptional()(target, key);
  IsText(max)(target, key);
};

/** Where the parcel goes. Coordinates win; else the postcode, then the city, from the offline table. */
export class ShippingAddress {
  @ApiPropertyOptional({ example: 40.7506 })
  @ValidateIf((address: ShippingAddress) => address.latitude !== undefined || address.longitude !== undefined)
  @IsNumber()
  @IsLatitude()
  readonly latitude?: number;
  @ApiPropertyOptional({ example: -73.9972 })
  @ValidateIf((address: ShippingAddress) => address.latitude !== undefined || address.longitude !== undefined)
  @IsNumber()
  @IsLongitude()
  readonly longitude?: number;
  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2' })
  @text(2)
  readonly country?: string;
  @ApiPropertyOptional({ example: 'NY' }) @text(255) readonly region?: string;
  @ApiPropertyOptional({ example: '10001' }) @text(32) readonly postcode?: string;
  @ApiPropertyOptional({ example: 'New York' }) @text(255) readonly city?: string;
  @ApiPropertyOptional({ example: '350 5th Ave' }) @text(255) readonly street?: string;
}

export class SourceSelectionRequest {
  @ApiProperty({ example: 'priority', description: 'priority | distance, or an algorithm a merchant added' })
  @IsText(64)
  @IsNotEmpty()
  readonly algorithm!: string;
  @ApiPropertyOptional({ type: ShippingAddress, description: 'Needed by the distance algorithm' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShippingAddress)
  readonly shippingAddress?: ShippingAddress;
}

export class SourceChoiceView {
  @ApiProperty({ example: 'warehouse-east' }) readonly sourceCode!: string;
  @ApiProperty({ example: 3, description: 'Quantity less shipments not yet deducted' })
  readonly qtyAvailable!: number;
  @ApiProperty({ example: 3 }) readonly qtyToDeduct!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'distance algorithm only' })
  readonly distanceKm?: number | null;
}

export class LineSelectionView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 5 }) readonly qtyToShip!: number;
  @ApiProperty({ example: 0, description: 'Units no source can cover' }) readonly shortfall!: number;
  @ApiProperty({ type: [SourceChoiceView] }) readonly sources!: readonly SourceChoiceView[];
}

export class ShipmentItemSuggestion {
  @ApiProperty() readonly sku!: string;
  @ApiProperty() readonly sourceCode!: string;
  @ApiProperty() readonly qty!: number;
}

export class Destination {
  @ApiProperty() readonly latitude!: number;
  @ApiProperty() readonly longitude!: number;
}

export class SourceSelectionView {
  @ApiProperty({ example: 'order-1001' }) readonly orderId!: string;
  @ApiProperty({ example: 'priority' }) readonly algorithm!: string;
  @ApiPropertyOptional({
    type: Destination,
    description: 'Where the address was placed (distance algorithm)',
  })
  readonly destination?: Destination;
  @ApiProperty({ description: 'Every unit still to ship is covered' }) readonly isShippable!: boolean;
  @ApiProperty({ type: [LineSelectionView] }) readonly lines!: readonly LineSelectionView[];
  @ApiProperty({ type: [ShipmentItemSuggestion], description: 'The recommendation as POST /shipments items' })
  readonly shipment!: readonly ShipmentItemSuggestion[];
}

export class AlgorithmView {
  @ApiProperty({ example: 'priority' }) readonly code!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty() readonly description!: string;
  @ApiProperty() readonly needsDestination!: boolean;
}

export class AlgorithmList {
  @ApiProperty({ type: [AlgorithmView] }) readonly items!: readonly AlgorithmView[];
}
