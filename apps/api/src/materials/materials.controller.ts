import { Body, Controller, Get, Headers, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse,
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiPayloadTooLargeResponse,
  ApiProduces, ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, preferredLanguage, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/domain';
import { UuidParam } from '../http/params';
import { MaterialDto, UploadMaterialDto } from './material.dto';
import { MATERIAL_MAX_BYTES, Materials } from './materials';

interface UploadedBytes {
  buffer: Buffer;
  originalname: string;
}

@ApiTags('materials')
@ApiBearerAuth()
@Controller('api/v1')
export class MaterialsController {
  constructor(private readonly materials: Materials) {}

  @Post('applications/:id/materials')
  @Roles('enterprise')
  // utf8: Chinese file names arrive as UTF-8; busboy's default would read them as latin1.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MATERIAL_MAX_BYTES, files: 1 }, defParamCharset: 'utf8' }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', description: "Which material this is: one of the program version's requiredMaterials or optionalMaterials" },
        file: { type: 'string', format: 'binary', description: 'PDF, JPEG, PNG or OFD; at most 10 MB' },
      },
    },
  })
  @ApiCreatedResponse({ type: MaterialDto })
  @ApiPayloadTooLargeResponse({ description: 'Larger than 10 MB, or the case would hold more than MATERIALS_MAX_BYTES_PER_CASE' })
  @ApiConflictResponse({ description: 'The case takes no more materials' })
  @ApiUnprocessableEntityResponse({ description: 'The case holds MATERIALS_MAX_PER_CASE files already' })
  @ApiTooManyRequestsResponse({ description: 'More than MATERIALS_UPLOADS_PER_MINUTE uploads by this account in a minute; Retry-After says when to retry' })
  upload(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: UploadMaterialDto,
    @UploadedFile() file: UploadedBytes | undefined,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<MaterialDto> {
    if (!file) throw DomainError.invalid([{ field: 'file', message: 'is required' }]);
    return this.materials.upload(principal, id, body.kind, file, preferredLanguage(acceptLanguage));
  }

  @Get('applications/:id/materials')
  @ApiOkResponse({ type: [MaterialDto] })
  list(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<MaterialDto[]> {
    return this.materials.list(principal, id);
  }

  /** Always a download (attachment, nosniff), never rendered in the page. */
  @Get('materials/:id/content')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'application/ofd')
  @ApiOkResponse({ description: 'The document, as an attachment', type: String })
  async download(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const { material, content } = await this.materials.content(principal, id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(content, {
      type: material.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(material.fileName)}`,
      length: content.length,
    });
  }
}
