import { Injectable } from '@nestjs/common';
import { calculate, calculatorAnswer } from '@app/domain';
import { ProgramCatalog } from '@app/persistence';
import { CalculationDto, CalculationRequestDto } from './calculation.dto';

/**
 * "What could I get?": the screening engine on the enterprise's own facts, judged by the version the database
 * holds for the year (so a version an administrator added counts at once). Writes nothing.
 */
@Injectable()
export class CalculateAmount {
  constructor(private readonly catalog: ProgramCatalog) {}

  async execute(body: CalculationRequestDto): Promise<CalculationDto> {
    const stored = await this.catalog.forYear(body.program, body.year);
    return calculatorAnswer(calculate(stored.definition, body.facts, body.year));
  }
}
