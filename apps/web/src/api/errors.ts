import type { TFunction } from 'i18next';
import { ApiError } from './client';

/** The label of a field the API named (`facts.serviceFeesFen` → 实际支付的研发服务费用), in the user's language. */
export function fieldLabel(t: TFunction, field: string): string {
  const last = field.split('.').pop() ?? field;
  const key = `field.${last}`;
  const label = t(key);
  return label === key ? last : label;
}

/** Codes that say only what kind of failure it was; the page words those from the status and message. */
const BROAD_CODES = new Set(['validation', 'conflict', 'unprocessable', 'not-found', 'forbidden', 'internal', 'unavailable']);

/** An API error as one sentence in the user's language that names each field at fault. */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.fields.length > 0) {
    const fields = error.fields
      .map((f) =>
        t('error.field', {
          field: fieldLabel(t, f.field),
          message: /required/i.test(f.message) ? t('error.fieldMessage.required') : t('error.fieldMessage.invalid'),
        }),
      )
      .join(t('error.separator', { defaultValue: '；' }));
    return t('error.validation', { fields });
  }
  // A code the client can act on (task-changed, four-eyes, budget-pool-missing…) has its own sentence
  // (i18n/error-codes.ts); the broad ones fall through to the status-based sentences below.
  if (!BROAD_CODES.has(error.code)) {
    const key = `error.code.${error.code}`;
    const sentence = t(key);
    if (sentence !== key) return sentence;
  }
  const known = ['not-found', 'conflict', 'forbidden', 'invalid-credentials', 'too-many-attempts', 'invalid-token', 'missing-token', 'csrf', 'payload-too-large', 'unsupported-media-type', 'network'];
  if (known.includes(error.code)) return t(`error.${error.code}`);
  if (error.status === 422 || error.code === 'unprocessable') return t('error.unprocessable', { message: error.message });
  if (error.status === 404) return t('error.not-found');
  if (error.status === 409) return t('error.conflict');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 413) return t('error.payload-too-large');
  if (error.status >= 500) return t('error.internal', { requestId: '' });
  return t('error.other', { status: error.status, message: error.message });
}

/** antd Form errors from the API's fields (facts.x → the form field x). */
export function formFieldErrors(t: TFunction, error: unknown): { name: string[]; errors: string[] }[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((f) => ({
    name: f.field.split('.').slice(f.field.startsWith('facts.') ? 1 : 0),
    errors: [/required/i.test(f.message) ? t('error.fieldMessage.required') : `${t('error.fieldMessage.invalid')}: ${f.message}`],
  }));
}
