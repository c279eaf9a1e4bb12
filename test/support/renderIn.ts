import i18next from 'i18next';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

/**
 * A panel's part drawn to HTML in one of the page's languages, with both catalogues as the page has them, so a
 * test reads the words a person would read. No browser: for parts that only show what they are given.
 */
export async function renderIn(lng: 'zh-CN' | 'en', element: ReactElement): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, element));
}

/** The text of drawn HTML, each element's text apart, entities read back. */
export function textOf(html: string): string[] {
  return html
    .split(/<[^>]+>/)
    .map((s) =>
      s
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'"),
    )
    .filter((s) => s.trim() !== '');
}
