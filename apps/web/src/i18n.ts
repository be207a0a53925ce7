import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './i18n/en';
import { zh } from './i18n/zh';
import { initialLanguage, keepLanguage, markLanguage, type Language } from './language';

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});
markLanguage(i18n.language === 'en' ? 'en' : 'zh');

export function setLanguage(language: Language): void {
  keepLanguage(language);
  void i18n.changeLanguage(language);
}

export default i18n;
