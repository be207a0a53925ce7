import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { DomainError, ProgramCode } from '@app/domain';
import { HttpException } from '@nestjs/common';
import type { Request } from 'express';
import { UuidParam } from '../http/params';
import { OfferImportDto, OfferImportErrorDto, OfferImportErrorsQuery, OfferImportQuery } from './offer-import.dto';
import { OfferImportReader } from './offer-import-reader';
import { UploadOfferImport } from './upload-offer-import';

/** The largest offer file accepted (a 100,000-row file is about 10 MiB). */
export const MAX_OFFER_FILE_BYTES = 32 * 1024 * 1024;

@ApiTags('offers')
@ApiBearerAuth()
@Controller('api/v1/offers/imports')
@Roles('administrator')
@ApiUnauthorizedResponse({ description: 'No valid token' })
@ApiForbiddenResponse({ description: 'Administrators only' })
export class OfferImportsController {
  constructor(
    private readonly upload: UploadOfferImport,
    private readonly reader: OfferImportReader,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a 免申即享 file: one row per enterprise, credit code and facts; amounts in fen',
    description:
      'The first line is the header: `creditCode`, optionally `name`, and fact names of the program (see ' +
      'GET /api/v1/programs). Send the file as `text/csv`, or as JSON `{"csv": "..."}`. The import runs in the ' +
      'background; follow it at GET /api/v1/offers/imports/{id}. The same file again returns the same import.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', example: 'creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen\n91350100M000100Y43,true,300000000,150000000' },
        { type: 'object', required: ['csv'], properties: { csv: { type: 'string' } }, additionalProperties: false },
      ],
    },
  })
  @ApiCreatedResponse({ type: OfferImportDto, description: 'Stored; the import job is queued' })
  @ApiOkResponse({ type: OfferImportDto, description: 'This file was uploaded before: its import, nothing new' })
  @ApiBadRequestResponse({ description: 'Unreadable CSV, or a header naming unknown or missing columns (fields name them)' })
  @ApiPayloadTooLargeResponse({ description: `Larger than ${MAX_OFFER_FILE_BYTES} bytes` })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither text/csv nor application/json' })
  @ApiUnprocessableEntityResponse({ description: 'The program version of the year makes no offers' })
  async create(
    @CurrentUser() principal: Principal,
    @Query() query: OfferImportQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: { status(code: number): void },
  ): Promise<OfferImportDto> {
    const file = await this.fileOf(request);
    const { id, created } = await this.upload.execute(principal, query.program as ProgramCode, query.year, file);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return this.reader.get(id);
  }

  @Get(':id')
  @ApiOkResponse({ type: OfferImportDto, description: 'Progress: rows done, cases created, existing, ineligible, bad' })
  @ApiNotFoundResponse({ description: 'No such import' })
  get(@Param('id', UuidParam) id: string): Promise<OfferImportDto> {
    return this.reader.get(id);
  }

  @Get(':id/errors')
  @ApiOkResponse({ type: [OfferImportErrorDto], description: 'The problems of bad rows, by line and column' })
  @ApiBadRequestResponse({ description: 'A bad limit or offset (fields name it)' })
  @ApiNotFoundResponse({ description: 'No such import' })
  errors(@Param('id', UuidParam) id: string, @Query() query: OfferImportErrorsQuery): Promise<OfferImportErrorDto[]> {
    return this.reader.errors(id, query.limit, query.offset);
  }

  /** The CSV bytes: a text/csv body is read here (no global parser takes it), a JSON one was parsed already. */
  private async fileOf(request: Request): Promise<Buffer> {
    if (request.is('application/json')) {
      const body: unknown = request.body;
      const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'csv') : [];
      const fields = extra.map((k) => ({ field: k, message: `property ${k} should not exist` }));
      const csv = (body as { csv?: unknown } | undefined)?.csv;
      if (typeof csv !== 'string') fields.push({ field: 'csv', message: 'csv must be a string' });
      if (fields.length) throw DomainError.invalid(fields);
      return Buffer.from(csv as string, 'utf8');
    }
    if (!request.is('text/csv') && !request.is('text/plain')) {
      throw new HttpException(
        { error: 'unsupported-media-type', message: 'Send the file as text/csv or as JSON {"csv": "..."}' },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_OFFER_FILE_BYTES) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_OFFER_FILE_BYTES) {
        request.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

function tooLarge(): HttpException {
  return new HttpException(
    { error: 'payload-too-large', message: `The file is larger than ${MAX_OFFER_FILE_BYTES} bytes` },
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
}
