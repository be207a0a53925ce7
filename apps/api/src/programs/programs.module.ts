import { Module } from '@nestjs/common';
import { ProgramsController } from './programs.controller';
import { ProgramVersionReader } from './program-version-reader';
import { AddProgramVersion } from './add-program-version';

/** Program versions: read them, add one. */
@Module({
  controllers: [ProgramsController],
  providers: [ProgramVersionReader, AddProgramVersion],
})
export class ProgramsModule {}
