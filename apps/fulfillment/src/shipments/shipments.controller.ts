import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Access } from '@inventory/service-runtime';
import { CreateShipmentRequest, ShipmentIdParam, ShipmentView } from './shipment.dto';
import { ShipmentsService } from './shipments.service';

@ApiTags('shipments')
@Access('admin')
@Controller('shipments')
export class ShipmentsController {
  constructor(private readonly shipments: ShipmentsService) {}

  /** Ships some or all units of an order from one or several sources; publishes ShipmentCreated. */
  @Post()
  @ApiCreatedResponse({ type: ShipmentView, description: 'Shipped' })
  @ApiOkResponse({ type: ShipmentView, description: 'This shipmentId was already shipped with these items' })
  @ApiBadRequestResponse({ description: 'A field is missing or malformed' })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiConflictResponse({
    description:
      'The order cannot ship (awaiting reservation, rejected, canceled), or an item asks more than is left to ship, ' +
      "from a source outside the order's stock or disabled, or more than the source has",
  })
  async create(
    @Body() request: CreateShipmentRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ShipmentView> {
    const { shipment, created } = await this.shipments.create(request);
    response.status(created ? 201 : 200);
    return shipment;
  }

  @Get(':shipmentId')
  @ApiOkResponse({ type: ShipmentView })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  get(@Param() { shipmentId }: ShipmentIdParam): Promise<ShipmentView> {
    return this.shipments.get(shipmentId);
  }

  /** In-store pickup: the customer collected the goods. */
  @Post(':shipmentId/picked-up')
  @HttpCode(200)
  @ApiOkResponse({ type: ShipmentView })
  @ApiNotFoundResponse({ description: 'No such shipment' })
  @ApiConflictResponse({ description: 'The shipment is not an in-store pickup' })
  pickedUp(@Param() { shipmentId }: ShipmentIdParam): Promise<ShipmentView> {
    return this.shipments.markPickedUp(shipmentId);
  }
}
