import { ImportOffersHandler } from './import-offers.handler';
import { LapseOfferBatchHandler } from './lapse-offer-batch.handler';
import { LapseOfferHandler } from './lapse-offer.handler';
import { OfferBatchWriter } from './offer-batch';

/** The 免申即享 workers of the workflow app. */
export const OFFER_WORKFLOW_PROVIDERS = [ImportOffersHandler, OfferBatchWriter, LapseOfferHandler, LapseOfferBatchHandler];
