import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=` of a paged list route: 1 to 1,000, default 100. Routes extend it with where to start. */
export class LimitQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  readonly limit?: number;
}

/** `?limit=&offset=` of a list route paged by position. */
export class PageQuery extends LimitQuery {
  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER) // 1e21 is an integer to JavaScript, not to PostgreSQL's OFFSET
  readonly offset?: number;
}

/** A `?skuPrefix=` as a LIKE pattern: LIKE's wildcards in the prefix are literal characters of the SKU. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
