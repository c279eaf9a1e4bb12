import { useTranslation } from 'react-i18next';
import { Tabs } from '../ui/index.ts';
import { RecoverForm } from './RecoverForm.tsx';
import { SignInForm } from './SignInForm.tsx';
import { StaffSignInForm } from './StaffSignInForm.tsx';

/** The door: merchants sign in by default; a recovery code and staff sign-in are one tab away. */
export function SignInScreen() {
  const { t } = useTranslation();
  return (
    <section className="sign-in card">
      <Tabs
        label={t('signIn.tabsLabel')}
        tabs={[
          { value: 'merchant', label: t('signIn.tabs.merchant'), content: <SignInForm /> },
          { value: 'recover', label: t('signIn.tabs.recover'), content: <RecoverForm /> },
          { value: 'staff', label: t('signIn.tabs.staff'), content: <StaffSignInForm /> },
        ]}
      />
    </section>
  );
}
