import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from '@app/auth';
import { CalculateAmount } from './calculate-amount';
import { CalculationDto, CalculationRequestDto } from './calculation.dto';

@ApiTags('calculator')
@Controller('api/v1/calculator')
export class CalculatorController {
  constructor(private readonly calculateAmount: CalculateAmount) {}

  @Post()
  @Public()
  @HttpCode(200)
  // Anyone may call it without an account: a tighter limit than the default keeps it from being a free CPU.
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiOperation({
    summary: 'What could I get? (no login)',
    description:
      'The same engine and answer as `npm run --silent cli -- calc` and the screening of a real application, ' +
      'judged by the program version of `year`. Nothing is stored.',
  })
  @ApiOkResponse({ type: CalculationDto })
  @ApiBadRequestResponse({ description: 'Names each bad field: `program`, `year` (also: no version for that year), `facts.<name>`' })
  @ApiTooManyRequestsResponse({ description: 'More than 60 calls a minute from one address' })
  calculate(@Body() body: CalculationRequestDto): Promise<CalculationDto> {
    return this.calculateAmount.execute(body);
  }
}
