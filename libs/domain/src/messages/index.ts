import { DEFAULT_LANGUAGE, isLanguage, MessageCatalogue } from './catalogue';
import { EN } from './en';
import { ZH_CN } from './zh-CN';

export * from './catalogue';
export * from './email-content';

/** One catalogue per language; an unknown or missing preference reads zh-CN. */
export function messagesIn(language: unknown): MessageCatalogue {
  const lang = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  return lang === 'en' ? EN : ZH_CN;
}
