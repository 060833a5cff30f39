import { IsCode } from '@inventory/contracts';

/** `:sku` of a route path, held to the identifier rule before it reaches a query. */
export class SkuParam {
  @IsCode() readonly sku!: string;
}
