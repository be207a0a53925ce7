import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './i18n/en';
import { zh } from './i18n/zh';

export const LANGUAGE_KEY = 'sf.language';

function initialLanguage(): 'zh' | 'en' {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language === 'en' ? 'en' : 'zh-CN';

export function setLanguage(language: 'zh' | 'en'): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
  void i18n.changeLanguage(language);
}

export default i18n;
