import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, withReplayStatus } from '@inventory/service-runtime';
import { Response } from 'express';
import { AdjustmentAnswer, AdjustmentRequest } from './adjustments.dto';
import { AdjustmentsService } from './adjustments.service';

@ApiTags('adjustments')
@Access('admin')
@Controller('adjustments')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  /**
   * Changes inventory states with a reason, all or none: a count (guarded by `compareQuantity`),
   * damaged goods moved out of sale (−2 available, +2 damaged), units found or lost.
   */
  @Post()
  @ApiCreatedResponse({ type: AdjustmentAnswer, description: 'Applied' })
  @ApiOkResponse({ type: AdjustmentAnswer, description: 'Applied before under this adjustmentId' })
  @ApiConflictResponse({
    description: 'quantity_changed, insufficient_quantity or adjustment_id_reused: nothing applied',
  })
  async adjust(
    @Body() request: AdjustmentRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdjustmentAnswer> {
    return withReplayStatus(response, await this.adjustments.adjust(request));
  }
}
