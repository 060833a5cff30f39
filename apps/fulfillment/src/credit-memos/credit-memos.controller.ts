import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
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
import { CreateCreditMemoRequest, CreditMemoIdParam, CreditMemoView } from './credit-memo.dto';
import { CreditMemosService } from './credit-memos.service';

@ApiTags('credit-memos')
@Access('admin')
@Controller('credit-memos')
export class CreditMemosController {
  constructor(private readonly creditMemos: CreditMemosService) {}

  /** Refunds units of an order, returning shipped ones to stock if asked; publishes CreditMemoCreated. */
  @Post()
  @ApiCreatedResponse({ type: CreditMemoView, description: 'Refunded' })
  @ApiOkResponse({
    type: CreditMemoView,
    description: 'This creditMemoId was already refunded with these items',
  })
  @ApiBadRequestResponse({ description: 'A field is missing or malformed' })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiConflictResponse({
    description:
      'The order was not reserved, or an item refunds more than is refundable or names an unknown source',
  })
  async create(
    @Body() request: CreateCreditMemoRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreditMemoView> {
    const { creditMemo, created } = await this.creditMemos.create(request);
    response.status(created ? 201 : 200);
    return creditMemo;
  }

  @Get(':creditMemoId')
  @ApiOkResponse({ type: CreditMemoView })
  @ApiNotFoundResponse({ description: 'No such credit memo' })
  get(@Param() { creditMemoId }: CreditMemoIdParam): Promise<CreditMemoView> {
    return this.creditMemos.get(creditMemoId);
  }
}
