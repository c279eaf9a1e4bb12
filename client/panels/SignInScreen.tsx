import { useTranslation } from 'react-i18next';
import { useStation } from '../net/stations.ts';
import { Tabs } from '../ui/index.ts';
import { RecoverForm } from './RecoverForm.tsx';
import { SignInForm } from './SignInForm.tsx';
import { StaffSignInForm } from './StaffSignInForm.tsx';

/** The door: merchants sign in by default; a recovery code and staff sign-in are one tab away. */
export function SignInScreen() {
  const { t } = useTranslation();
  const station = useStation((s) => s.station);
  return (
    <section className="sign-in card">
      {station?.name && (
        <header className="sign-in-station">
          <p className="sign-in-station-name">{t('stations.signInAt', { station: station.name })}</p>
          {station.address && <p className="muted small">{station.address}</p>}
        </header>
      )}
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
