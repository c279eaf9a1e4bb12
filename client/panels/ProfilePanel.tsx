import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { merchantSignUpSchema, type MeResponse, type MerchantSignUp } from '../../shared/accounts.ts';
import { NAME_MAX, SHOP_MAX } from '../../shared/profile.ts';
import { defaultAppearance } from '../../shared/appearance.ts';
import { AppearanceChoice } from './AppearanceChoice.tsx';
import { accountsApi } from '../net/accountsApi.ts';
import { features } from '../net/queries.ts';
import { useSession } from '../net/session.ts';
import { useHallMutation } from '../net/useHallQuery.ts';
import { Button, Dialog, DialogClose, Field, fieldCodes, FormError } from '../ui/index.ts';
import { useRefusalText } from './refusalText.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';

type MerchantMe = Extract<MeResponse, { kind: 'merchant' }>;
type Name = 'name' | 'shop' | 'phone';
const FIELDS: readonly Name[] = ['name', 'shop', 'phone'];
const KNOWN = ['required', 'too_long', 'invalid_chars', 'invalid_phone'];
const MAX: Record<Name, number> = { name: NAME_MAX, shop: SHOP_MAX, phone: 20 };

/** A merchant's own profile: edit name, shop, phone and look; ask for a new recovery code. */
export function ProfilePanel({ me }: { me: MerchantMe }) {
  const { t } = useTranslation();
  const setMe = useSession((s) => s.setMe);
  const renewRecoveryCode = useSession((s) => s.renewRecoveryCode);
  const refusal = useRefusalText();
  const [values, setValues] = useState<Record<Name, string>>({ name: me.name, shop: me.shop, phone: me.phone ?? '' });
  const [errors, setErrors] = useState<Partial<Record<Name, string>>>({});
  // A page signed in before looks were chosen may remember no appearance: the hall draws the default then.
  const [appearance, setAppearance] = useState(() => me.appearance ?? defaultAppearance(me.id));
  const [renewFailure, setRenewFailure] = useState<string | null>(null);
  const save = useHallMutation(
    (token, profile: MerchantSignUp) => accountsApi.updateProfile(token, profile),
    [features.account],
    { onSuccess: (r) => setMe(r.me) },
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setRenewFailure(null);
    const found = fieldCodes(merchantSignUpSchema, values, FIELDS, KNOWN);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({ ...merchantSignUpSchema.parse(values), appearance });
  }

  async function newCode() {
    save.reset();
    const failed = await renewRecoveryCode();
    setRenewFailure(failed ? refusal(failed) : null);
  }

  const errorText = (name: Name) => {
    const code = errors[name];
    return hasWords(zhCN.signIn.errors, code) ? t(`signIn.errors.${code}`, { max: MAX[name] }) : code;
  };

  return (
    <details className="card profile">
      <summary>
        <h2 className="summary-heading">{t('profile.heading')}</h2>
      </summary>
      <form onSubmit={onSubmit} noValidate>
        {FIELDS.map((name) => (
          <Field key={name} label={t(`signIn.${name}`)} error={errorText(name)}>
            <input
              name={name}
              value={values[name]}
              type={name === 'phone' ? 'tel' : 'text'}
              maxLength={MAX[name] * 4}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
          </Field>
        ))}
        <AppearanceChoice value={appearance} onChange={setAppearance} />
        <p role="status" className="muted small">
          {save.isSuccess ? t('profile.saved') : null}
        </p>
        <FormError message={save.error ? refusal(save.error.refusal) : renewFailure} />
        <div className="row">
          <Button type="submit" busy={save.isPending}>
            {t('profile.save')}
          </Button>
          {/* A new code ends every other sign-in and the saved code stops working: asked once more first. */}
          <Dialog
            trigger={<Button>{t('profile.newCode')}</Button>}
            title={t('profile.newCode')}
            description={t('profile.codeHint')}
          >
            {/* The way back first: it is where the focus lands when the dialog opens. */}
            <DialogClose asChild>
              <Button>{t('profile.keepCode')}</Button>
            </DialogClose>
            <DialogClose asChild>
              <Button className="primary" onClick={() => void newCode()}>
                {t('profile.newCode')}
              </Button>
            </DialogClose>
          </Dialog>
        </div>
        <p className="muted small">{t('profile.codeHint')}</p>
      </form>
    </details>
  );
}
