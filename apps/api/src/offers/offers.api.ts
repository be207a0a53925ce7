import { AnswerOffer } from './answer-offer';
import { OfferAnswersController } from './offer-answers.controller';
import { OfferImportReader } from './offer-import-reader';
import { OfferImportsController } from './offer-imports.controller';
import { UploadOfferImport } from './upload-offer-import';

/** 免申即享 over HTTP: administrators upload and follow imports, enterprises answer their offers. */
export const OFFER_CONTROLLERS = [OfferImportsController, OfferAnswersController];
export const OFFER_PROVIDERS = [UploadOfferImport, OfferImportReader, AnswerOffer];
