import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecoverForm } from './RecoverForm.tsx';
import { SignInForm } from './SignInForm.tsx';
import { StaffSignInForm } from './StaffSignInForm.tsx';

const TABS = ['merchant', 'recover', 'staff'] as const;
type Tab = (typeof TABS)[number];

/** Arrow keys move along the tabs (wrapping), Home and End go to the first and the last. */
function tabAfterKey(tab: Tab, key: string): Tab | null {
  const i = TABS.indexOf(tab);
  if (key === 'ArrowRight') return TABS[(i + 1) % TABS.length]!;
  if (key === 'ArrowLeft') return TABS[(i + TABS.length - 1) % TABS.length]!;
  if (key === 'Home') return TABS[0];
  if (key === 'End') return TABS[TABS.length - 1]!;
  return null;
}

/** The door: merchants sign in by default; a recovery code and staff sign-in are one tab away. */
export function SignInScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('merchant');
  return (
    <section className="sign-in card">
      <div role="tablist" aria-label={t('signIn.tabsLabel')} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(e) => {
              const next = tabAfterKey(tab, e.key);
              if (!next) return;
              e.preventDefault();
              setTab(next);
              // The tab that is chosen is the one with the focus (and the only one Tab reaches).
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t(`signIn.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'merchant' && <SignInForm />}
        {tab === 'recover' && <RecoverForm />}
        {tab === 'staff' && <StaffSignInForm />}
      </div>
    </section>
  );
}
