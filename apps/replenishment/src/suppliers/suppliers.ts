import { Body, Controller, Get, HttpStatus, Injectable, Param, Put, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsCode, IsEmailAddress, IsText } from '@inventory/contracts';
import { Access } from '@inventory/service-runtime';
import { IsInt, IsNotEmpty, IsOptional, Max, Min } from 'class-validator';
import { Response } from 'express';
import { DataSource } from 'typeorm';

class SupplierParam {
  @IsCode() readonly code!: string;
}

export class SaveSupplierRequest {
  @ApiProperty({ example: 'Acme Housewares' }) @IsText(255) @IsNotEmpty() readonly name!: string;
  @ApiPropertyOptional({ example: 'orders@acme.example' })
  @IsOptional()
  @IsEmailAddress()
  readonly email?: string;
  @ApiProperty({ example: 7, description: 'Days from placing an order to the goods arriving' })
  @IsInt()
  @Min(0)
  @Max(365)
  readonly leadTimeDays!: number;
}

export class SupplierView {
  @ApiProperty({ example: 'acme' }) readonly code!: string;
  @ApiProperty({ example: 'Acme Housewares' }) readonly name!: string;
  @ApiProperty({ type: String, nullable: true }) readonly email!: string | null;
  @ApiProperty({ example: 7 }) readonly leadTimeDays!: number;
}

export class SupplierList {
  @ApiProperty({ type: [SupplierView] }) readonly items!: readonly SupplierView[];
}

interface SupplierRow {
  code: string;
  name: string;
  email: string | null;
  lead_time_days: number;
  created: boolean;
}

const viewOf = (row: SupplierRow): SupplierView => ({
  code: row.code,
  name: row.name,
  email: row.email,
  leadTimeDays: row.lead_time_days,
});

@Injectable()
export class SuppliersService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates or replaces the supplier; says whether it was new. */
  async save(
    code: string,
    request: SaveSupplierRequest,
  ): Promise<{ supplier: SupplierView; created: boolean }> {
    const [row]: SupplierRow[] = await this.dataSource.query(
      `INSERT INTO suppliers (code, name, email, lead_time_days) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, email = excluded.email,
         lead_time_days = excluded.lead_time_days, updated_at = now()
       RETURNING *, (xmax = 0) AS created`,
      [code, request.name, request.email ?? null, request.leadTimeDays],
    );
    return { supplier: viewOf(row), created: row.created };
  }

  async list(): Promise<SupplierList> {
    const rows: SupplierRow[] = await this.dataSource.query(`SELECT * FROM suppliers ORDER BY code`);
    return { items: rows.map(viewOf) };
  }
}

@ApiTags('suppliers')
@Access('admin')
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Put(':code')
  @ApiCreatedResponse({ type: SupplierView, description: 'Created' })
  @ApiOkResponse({ type: SupplierView, description: 'Replaced' })
  async save(
    @Param() { code }: SupplierParam,
    @Body() request: SaveSupplierRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupplierView> {
    const { supplier, created } = await this.suppliers.save(code, request);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return supplier;
  }

  @Get()
  @ApiOkResponse({ type: SupplierList })
  list(): Promise<SupplierList> {
    return this.suppliers.list();
  }
}
