import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, PageQuery } from '@inventory/service-runtime';
import { Response } from 'express';
import { SaveSourceRequest, SourceCodeParam, SourceList, SourceView } from './source.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@Access('admin')
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  /** Creates (201) or replaces (200) a source; its code never changes. */
  @Put(':code')
  @ApiCreatedResponse({ type: SourceView, description: 'Created' })
  @ApiOkResponse({ type: SourceView, description: 'Replaced' })
  async save(
    @Param() { code }: SourceCodeParam,
    @Body() request: SaveSourceRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SourceView> {
    const { source, created } = await this.sources.save(code, request);
    response.status(created ? 201 : 200);
    return source;
  }

  @Get(':code')
  @ApiOkResponse({ type: SourceView })
  get(@Param() { code }: SourceCodeParam): Promise<SourceView> {
    return this.sources.get(code);
  }

  @Get()
  @ApiOkResponse({ type: SourceList })
  list(@Query() query: PageQuery): Promise<SourceList> {
    return this.sources.list(query.limit, query.offset);
  }
}
