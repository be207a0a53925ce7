import { ApiProperty } from '@nestjs/swagger';
import { PROGRAM_VERSION_SCHEMA } from '@app/domain';
import { z } from 'zod';

export class FactFieldDto {
  @ApiProperty({ example: 'serviceFeesFen' }) name: string;
  @ApiProperty({ enum: ['boolean', 'fen', 'regionCode', 'localDate', 'text', 'scale', 'recognition'] }) type: string;
  @ApiProperty({ enum: ['declared', 'profile', 'system'], description: 'declared: the applicant states it; profile: from the enterprise profile; system: computed' })
  source: string;
}

export class ProgramVersionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] }) program: string;
  @ApiProperty({ example: '2024' }) version: string;
  @ApiProperty({ example: 2024 }) yearFrom: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: open-ended' }) yearTo: number | null;
  @ApiProperty({ type: Object, description: 'The whole version: stages, limits, materials, calculator parameters' })
  definition: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [FactFieldDto], description: 'The facts of the program, from which an application form is made' })
  facts: FactFieldDto[];
}

/** A label is part of URLs and fits `program_versions.version` (varchar 20). */
export const VERSION_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

/**
 * The body of a new version, as OpenAPI shows it: generated from the schema the server checks it with
 * (`PROGRAM_VERSION_SCHEMA`), so the document cannot drift from the rules; the label's URL-safe form is the
 * API's own addition. Rules between fields (stage order, limits, once-only claims) are refinements, which
 * JSON Schema cannot say; the 400 names each broken one.
 */
export const PROGRAM_VERSION_BODY_SCHEMA = z.toJSONSchema(
  PROGRAM_VERSION_SCHEMA.safeExtend({ version: z.string().regex(VERSION_LABEL).meta({ example: '2026' }) }),
  { target: 'openapi-3.0', io: 'input' },
) as Record<string, unknown>;
