import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCode, IsText, SourceAddress, SourceContact } from '@inventory/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const present = (_: object, value: unknown) => value !== null && value !== undefined;

export class SourceCodeParam {
  @IsCode() readonly code!: string;
}

/** PUT /sources/:code creates the source or replaces every field but its code. */
export class SaveSourceRequest {
  @ApiProperty({ example: 'East Warehouse' })
  @IsText(255)
  @IsNotEmpty()
  readonly name!: string;
  @ApiProperty() @IsBoolean() readonly enabled!: boolean;
  @ApiPropertyOptional({ nullable: true, example: 40.7128 })
  @IsOptional()
  @ValidateIf(present)
  @IsLatitude()
  readonly latitude?: number | null;
  @ApiPropertyOptional({ nullable: true, example: -74.006 })
  @IsOptional()
  @ValidateIf(present)
  @IsLongitude()
  readonly longitude?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() readonly isPickupLocation?: boolean;
  @ApiPropertyOptional({ type: SourceContact })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceContact)
  readonly contact?: SourceContact;
  @ApiPropertyOptional({ type: SourceAddress })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceAddress)
  readonly address?: SourceAddress;
  @ApiPropertyOptional() @IsOptional() @IsText(2000) readonly description?: string;
}

/** A source as stored (the response of the source routes). */
export class SourceView {
  @ApiProperty({ example: 'warehouse-east' }) readonly code!: string;
  @ApiProperty({ example: 'East Warehouse' }) readonly name!: string;
  @ApiProperty() readonly enabled!: boolean;
  @ApiProperty({ type: Number, nullable: true }) readonly latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly longitude!: number | null;
  @ApiProperty() readonly isPickupLocation!: boolean;
  @ApiProperty({ type: SourceContact, nullable: true }) readonly contact!: SourceContact | null;
  @ApiProperty({ type: SourceAddress, nullable: true }) readonly address!: SourceAddress | null;
  @ApiProperty({ type: String, nullable: true }) readonly description!: string | null;
}

export class SourceList {
  @ApiProperty({ type: [SourceView] }) readonly items!: SourceView[];
  @ApiProperty() readonly total!: number;
}
