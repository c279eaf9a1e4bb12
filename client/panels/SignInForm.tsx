import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NAME_MAX, SHOP_MAX, merchantProfileSchema, profileErrors, type ProfileError } from '../../shared/profile.ts';
import { useSession } from '../net/session.ts';

type Field = 'name' | 'shop';

/** The merchant's sign-in: display name and shop, checked with the same rules the server applies. */
export function SignInForm() {
  const { t } = useTranslation();
  const signIn = useSession((s) => s.signIn);
  const [values, setValues] = useState({ name: '', shop: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, ProfileError>>>({});
  const [submitted, setSubmitted] = useState(false);
  const ids = { name: useId(), shop: useId() };
  const max: Record<Field, number> = { name: NAME_MAX, shop: SHOP_MAX };

  function update(field: Field, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (submitted) setErrors(profileErrors(next));
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSubmitted(true);
    const found = profileErrors(values);
    setErrors(found);
    const parsed = merchantProfileSchema.safeParse(values);
    if (!parsed.success) {
      const first = (['name', 'shop'] as const).find((f) => found[f]);
      if (first) document.getElementById(ids[first])?.focus();
      return;
    }
    signIn(parsed.data);
  }

  const field = (name: Field, autoComplete: string) => {
    const error = errors[name];
    const errorId = `${ids[name]}-error`;
    return (
      <div className="field">
        <label htmlFor={ids[name]}>{t(`signIn.${name}`)}</label>
        <input
          id={ids[name]}
          name={name}
          value={values[name]}
          autoComplete={autoComplete}
          placeholder={t(`signIn.${name}Placeholder`)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          maxLength={max[name] * 4}
          onChange={(e) => update(name, e.target.value)}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {t(`signIn.errors.${error}`, { max: max[name] })}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="sign-in card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t('signIn.heading')}</h2>
      <p className="muted">{t('signIn.intro')}</p>
      <form onSubmit={onSubmit} noValidate>
        {field('name', 'name')}
        {field('shop', 'organization')}
        <button type="submit" className="primary">
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
