import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class UploadMaterialDto {
  @ApiProperty({ description: "Which material this is: one of the program version's requiredMaterials or optionalMaterials (else 400 naming kind)" })
  @IsString() @Length(1, 200)
  kind: string;
}

export class MaterialDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() createdAt: string;
}
