import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { Access, withReplayStatus } from '@inventory/service-runtime';
import { Response } from 'express';
import {
  ReceiveTransferRequest,
  ShipTransferRequest,
  TransferList,
  TransferView,
  TransfersQuery,
} from './transfers.dto';
import { TransfersService } from './transfers.service';

class TransferParam {
  @IsCode() readonly id!: string;
}

@ApiTags('transfers')
@Access('admin')
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  /** Ships units from one source to another: they leave the origin now and are in transit. */
  @Post()
  @ApiCreatedResponse({ type: TransferView, description: 'In transit' })
  @ApiOkResponse({ type: TransferView, description: 'Shipped before under this transferId' })
  @ApiConflictResponse({ description: 'insufficient_quantity or transfer_id_reused: nothing moved' })
  async ship(
    @Body() request: ShipTransferRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferView> {
    return withReplayStatus(response, await this.transfers.ship(request));
  }

  @Get()
  @ApiOkResponse({ type: TransferList })
  list(@Query() query: TransfersQuery): Promise<TransferList> {
    return this.transfers.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TransferView })
  @ApiNotFoundResponse({ description: 'transfer_not_found' })
  get(@Param() { id }: TransferParam): Promise<TransferView> {
    return this.transfers.get(id);
  }

  /** Units arrived at the destination: good ones into available, damaged ones into damaged. */
  @Post(':id/receipts')
  @ApiCreatedResponse({ type: TransferView, description: 'Received' })
  @ApiOkResponse({ type: TransferView, description: 'Received before under this receiptId' })
  @ApiConflictResponse({ description: 'over_receipt, transfer_closed or receipt_id_reused: nothing applied' })
  async receive(
    @Param() { id }: TransferParam,
    @Body() request: ReceiveTransferRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransferView> {
    return withReplayStatus(response, await this.transfers.receive(id, request));
  }

  /** What is still in transit goes back to the origin. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: TransferView })
  @ApiConflictResponse({ description: 'transfer_closed: received in full' })
  cancel(@Param() { id }: TransferParam): Promise<TransferView> {
    return this.transfers.cancel(id);
  }
}
