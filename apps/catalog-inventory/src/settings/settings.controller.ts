import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InventorySettingsPatch } from '@inventory/contracts';
import { Access, SkuParam } from '@inventory/service-runtime';
import { GlobalSettingsResponse, ProductSettingsResponse, SettingsPatchBody } from './settings.dto';
import { GlobalSettingsView, ProductSettingsView, SettingsService } from './settings.service';

@ApiTags('settings')
@Access('admin')
@Controller()
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** The global configuration ("Use Config Settings" values): what is set and what is in effect. */
  @Get('settings')
  @ApiOkResponse({ type: GlobalSettingsResponse })
  getGlobal(): Promise<GlobalSettingsView> {
    return this.settings.getGlobal();
  }

  /** Merge: a field present is set, null resets it to the built-in default, absent keeps it. */
  @Put('settings')
  @ApiBody({ type: SettingsPatchBody })
  @ApiOkResponse({ type: GlobalSettingsResponse })
  @ApiBadRequestResponse({ description: 'A value is invalid, or the values do not fit together' })
  @ApiConflictResponse({ description: "The change would break an existing SKU's overrides (each one named)" })
  updateGlobal(@Body() patch: InventorySettingsPatch): Promise<GlobalSettingsView> {
    return this.settings.updateGlobal(patch);
  }

  /** The SKU's overrides (null = use global), its effective settings, and where each value came from. */
  @Get('products/:sku/settings')
  @ApiOkResponse({ type: ProductSettingsResponse })
  getProduct(@Param() { sku }: SkuParam): Promise<ProductSettingsView> {
    return this.settings.getProduct(sku);
  }

  /** Merge: a field present overrides, null goes back to the global value, absent keeps it. */
  @Put('products/:sku/settings')
  @ApiBody({ type: SettingsPatchBody })
  @ApiOkResponse({ type: ProductSettingsResponse })
  @ApiBadRequestResponse({ description: 'A value is invalid, or the effective values do not fit together' })
  updateProduct(
    @Param() { sku }: SkuParam,
    @Body() patch: InventorySettingsPatch,
  ): Promise<ProductSettingsView> {
    return this.settings.updateProduct(sku, patch);
  }
}
