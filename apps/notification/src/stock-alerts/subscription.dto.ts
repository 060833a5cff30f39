import { IsEmailAddress } from '@inventory/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

export class SubscribeRequest {
  @ApiProperty({ example: 'ada@example.com' }) @IsEmailAddress() @MaxLength(254) readonly email!: string;
  @ApiProperty({ example: 'HDB-001' }) @IsCode() readonly sku!: string;
  @ApiProperty({ example: 'base' }) @IsCode() readonly salesChannel!: string;
}

export class SubscriptionIdParam {
  @IsUUID() readonly subscriptionId!: string;
}

export class UnsubscribeQuery {
  @IsString() @IsNotEmpty() @MaxLength(100) readonly token!: string;
}

export type SubscriptionStatus = 'active' | 'notified' | 'unsubscribed';

export class SubscriptionView {
  @ApiProperty({ format: 'uuid' }) readonly subscriptionId!: string;
  @ApiProperty() readonly email!: string;
  @ApiProperty() readonly sku!: string;
  @ApiProperty() readonly salesChannel!: string;
  @ApiProperty({ enum: ['active', 'notified', 'unsubscribed'] }) readonly status!: SubscriptionStatus;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) readonly notifiedAt!: string | null;
}
