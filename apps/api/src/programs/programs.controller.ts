import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { DataSource } from 'typeorm';

class ProgramVersionDto {
  @ApiProperty() program: string;
  @ApiProperty() version: string;
  @ApiProperty() yearFrom: number;
  @ApiProperty({ nullable: true, type: Number }) yearTo: number | null;
  @ApiProperty({ type: Object, description: 'Stages, limits, materials, calculator parameters' }) definition: Record<string, unknown>;
}

@ApiTags('programs')
@Controller('api/v1/programs')
export class ProgramsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [ProgramVersionDto], description: 'Every program version, newest first' })
  async list(): Promise<ProgramVersionDto[]> {
    const rows: { program_code: string; version: string; year_from: number; year_to: number | null; definition: Record<string, unknown> }[] =
      await this.dataSource.query(
        'SELECT program_code, version, year_from, year_to, definition FROM program_versions ORDER BY program_code, year_from DESC',
      );
    return rows.map((r) => ({ program: r.program_code, version: r.version, yearFrom: r.year_from, yearTo: r.year_to, definition: r.definition }));
  }
}
