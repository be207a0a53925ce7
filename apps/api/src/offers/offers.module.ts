import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { OfferImportsController } from './offer-imports.controller';
import { OfferAnswersController } from './offer-answers.controller';
import { UploadOfferImport } from './upload-offer-import';
import { OfferImportReader } from './offer-import-reader';
import { AnswerOffer } from './answer-offer';

/** 免申即享 over HTTP: administrators upload and follow imports, enterprises answer their offers. */
@Module({
  imports: [ApplicationsModule],
  controllers: [OfferImportsController, OfferAnswersController],
  providers: [UploadOfferImport, OfferImportReader, AnswerOffer],
})
export class OffersModule {}
