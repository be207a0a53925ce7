/**
 * The page language, without i18next: the landing page (landing.tsx) reads it too, and it loads no i18next.
 * `?lang=en|zh` wins, then the choice kept on the device; Chinese otherwise.
 */
export const LANGUAGE_KEY = 'sf.language';
export type Language = 'zh' | 'en';

export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** Keeps the choice on the device and tells the document (screen readers, axe) which language it is in. */
export function keepLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  markLanguage(language);
}

export function markLanguage(language: Language): void {
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
}
