import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { Access } from '@inventory/service-runtime';
import { KitComponentsRequest, KitView } from './kits.dto';
import { KitsService } from './kits.service';

class SkuParam {
  @IsCode() readonly sku!: string;
}

@ApiTags('kits')
@Access('admin')
@Controller('products/:sku/components')
export class KitsController {
  constructor(private readonly kits: KitsService) {}

  @Get()
  @ApiOkResponse({ type: KitView, description: 'Its components; none: not a kit' })
  get(@Param() { sku }: SkuParam): Promise<KitView> {
    return this.kits.get(sku);
  }

  /** Makes the SKU a kit of these components (the whole list), or, with none, an ordinary product. */
  @Put()
  @ApiOkResponse({ type: KitView })
  @ApiBadRequestResponse({
    description: 'invalid_kit: itself, another kit, twice, a fraction (each line named)',
  })
  @ApiConflictResponse({ description: 'kit_is_component or kit_has_source_items' })
  define(@Param() { sku }: SkuParam, @Body() request: KitComponentsRequest): Promise<KitView> {
    return this.kits.define(sku, request);
  }
}
