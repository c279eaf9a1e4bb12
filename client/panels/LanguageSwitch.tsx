import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={next}
      aria-label={t('lang.switchLabel')}
      onClick={() => setLanguage(next)}
    >
      {t('lang.switchTo')}
    </button>
  );
}
