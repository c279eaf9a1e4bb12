import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANG_KEY = 'hall.lang';

/** `?lang=en` wins, then the person's last choice on this browser, then Chinese. */
export function initialLanguage(search = window.location.search): Language {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl === 'en') return 'en';
  if (fromUrl === 'zh' || fromUrl === 'zh-CN') return 'zh-CN';
  try {
    const saved = window.localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage unavailable: fall through to the default
  }
  return 'zh-CN';
}

/**
 * English is its own chunk, fetched when chosen: most people read Chinese, and the first download of a
 * phone on a slow line carries one language only.
 */
export async function loadEnglish(): Promise<void> {
  if (i18next.hasResourceBundle('en', 'translation')) return;
  const { en } = await import('./en.ts');
  i18next.addResourceBundle('en', 'translation', en);
}

export async function initI18n(): Promise<void> {
  const lng = initialLanguage();
  const english = lng === 'en' ? (await import('./en.ts')).en : null;
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, ...(english && { en: { translation: english } }) },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
}

export function setLanguage(lng: Language): void {
  try {
    window.localStorage.setItem(LANG_KEY, lng);
  } catch {
    // the choice lasts for this page only
  }
  void (lng === 'en' ? loadEnglish() : Promise.resolve()).then(() => i18next.changeLanguage(lng));
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lng === 'en' ? 'en' : 'zh');
    window.history.replaceState(null, '', url);
  }
}
