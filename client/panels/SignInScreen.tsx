import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecoverForm } from './RecoverForm.tsx';
import { SignInForm } from './SignInForm.tsx';
import { StaffSignInForm } from './StaffSignInForm.tsx';

const TABS = ['merchant', 'recover', 'staff'] as const;
type Tab = (typeof TABS)[number];

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
              const i = TABS.indexOf(tab);
              if (e.key === 'ArrowRight') setTab(TABS[(i + 1) % TABS.length]!);
              if (e.key === 'ArrowLeft') setTab(TABS[(i + TABS.length - 1) % TABS.length]!);
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
