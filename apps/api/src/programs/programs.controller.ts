import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Public, Roles } from '@app/auth';
import { AddProgramVersion } from './add-program-version';
import { PROGRAM_VERSION_BODY_SCHEMA, ProgramVersionDto } from './program-version.dto';
import { ProgramVersionReader } from './program-version-reader';

@ApiTags('programs')
@Controller('api/v1/programs')
export class ProgramsController {
  constructor(
    private readonly reader: ProgramVersionReader,
    private readonly adding: AddProgramVersion,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [ProgramVersionDto], description: 'Every program version, newest first within a program' })
  list(): Promise<ProgramVersionDto[]> {
    return this.reader.list();
  }

  @Get(':program/versions/:version')
  @Public()
  @ApiOkResponse({ type: ProgramVersionDto })
  @ApiNotFoundResponse({ description: 'No such program or version' })
  get(@Param('program') program: string, @Param('version') version: string): Promise<ProgramVersionDto> {
    return this.reader.get(program, version);
  }

  @Post(':program/versions')
  @Roles('administrator')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Publish a new version (or round) of a program, without a deploy',
    description:
      'The body is a whole program version, checked field by field. A stored version is immutable: there is no ' +
      'update endpoint, because cases keep being judged by the version of their year; a change is published as a ' +
      'new version with a new label. Which version judges a year: the one with the latest `years.from` among those ' +
      'whose range includes the year. So no two versions of a program may start in the same year, and a new version ' +
      'may not take over a year that already has cases (409). Audited in the stream `program:<code>`.',
  })
  @ApiBody({ schema: PROGRAM_VERSION_BODY_SCHEMA })
  @ApiCreatedResponse({ type: ProgramVersionDto })
  @ApiBadRequestResponse({ description: 'Names every bad field (e.g. `calculator.params.rateBp`, `years.from`)' })
  @ApiUnauthorizedResponse({ description: 'No valid token' })
  @ApiForbiddenResponse({ description: 'Administrators only' })
  @ApiNotFoundResponse({ description: 'Unknown program' })
  @ApiConflictResponse({
    description: 'The label exists, another version starts in the same year, or the version would take over a year that has cases',
  })
  add(@CurrentUser() principal: Principal, @Param('program') program: string, @Body() body: unknown): Promise<ProgramVersionDto> {
    return this.adding.execute(principal, program, body);
  }
}
