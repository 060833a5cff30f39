import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '@inventory/service-runtime';
import { OrderIdParam } from '../orders/order-view';
import { AlgorithmList, SourceSelectionRequest, SourceSelectionView } from './source-selection.dto';
import { SourceSelectionService } from './source-selection.service';

@ApiTags('source selection')
@Access('admin')
@Controller()
export class SourceSelectionController {
  constructor(private readonly selection: SourceSelectionService) {}

  /** Which sources to ship what is left of the order from (Magento's source selection); changes nothing. */
  @Post('orders/:orderId/source-selection')
  @HttpCode(200)
  @ApiOkResponse({ type: SourceSelectionView })
  @ApiBadRequestResponse({
    description: 'Unknown algorithm, or no shipping address the distance algorithm can place',
  })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiConflictResponse({ description: 'The order cannot ship (awaiting reservation, rejected, canceled)' })
  select(
    @Param() { orderId }: OrderIdParam,
    @Body() request: SourceSelectionRequest,
  ): Promise<SourceSelectionView> {
    return this.selection.select(orderId, request);
  }

  @Get('source-selection/algorithms')
  @ApiOkResponse({ type: AlgorithmList })
  algorithms(): AlgorithmList {
    return { items: this.selection.list() };
  }
}
