import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { DataSource } from 'typeorm';

class RegionDto {
  @ApiProperty({ example: '350102', description: 'GB/T 2260 code' }) code: string;
  @ApiProperty({ example: '鼓楼区' }) nameZh: string;
  @ApiProperty({ example: 'district' }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
}

/** The regions an enterprise may register in (reference data, seeded from the repo). */
@ApiTags('enterprises')
@Controller('api/v1/regions')
export class RegionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [RegionDto], description: "The county-level divisions of the bureau's area, by code" })
  async list(): Promise<RegionDto[]> {
    const rows: { code: string; name_zh: string; kind: string; note: string | null }[] = await this.dataSource.query(
      'SELECT code, name_zh, kind, note FROM regions ORDER BY code',
    );
    return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, kind: r.kind, note: r.note }));
  }
}
