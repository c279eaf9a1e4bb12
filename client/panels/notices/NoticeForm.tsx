import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  NOTICE_DAYS_AHEAD_MAX,
  NOTICE_FORM_FIELDS,
  NOTICE_LIVE_MAX,
  NOTICE_TEXT_MAX,
  NOTICE_TITLE_MAX,
  noticeFormErrors,
  type NoticeCategory,
  type NoticeFields,
  type NoticeFormInput,
  type NoticeView,
} from '../../../shared/boardNotices.ts';
import { Button, Field, FormError, FormErrors } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useEditNotice, usePostNotice } from './noticeQueries.ts';
import { useNoticeCategoryName, useNoticeFieldText } from './noticeWords.ts';

/** Today on this device's calendar, the form's first guess; the hall judges the days on the station's. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * An officer's notice: title, text, category, its days and whether it is pinned, judged by the same checks
 * the hall applies — each refused field says why beside its input, with its limit, and a summary takes the
 * focus. Posts a new one, or rewrites `editing`.
 */
export function NoticeForm({
  categories,
  editing,
  onDone,
}: {
  categories: readonly NoticeCategory[];
  editing?: NoticeView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const fieldText = useNoticeFieldText();
  const categoryName = useNoticeCategoryName(categories);
  const post = usePostNotice();
  const edit = useEditNotice(editing?.id ?? '');
  const send = editing ? edit : post;
  const [values, setValues] = useState({
    title: editing?.title ?? '',
    text: editing?.text ?? '',
    category: editing?.category ?? '',
    validFrom: editing?.validFrom ?? today(),
    validUntil: editing?.validUntil ?? '',
  });
  const [pinned, setPinned] = useState(editing?.pinned ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const base = useId();
  const id = (f: string) => `${base}-${f}`;

  const change = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const show = (fields: NoticeFields) => {
    setErrors(fieldText(fields));
    setAttempt((n) => n + 1);
    return Object.keys(fields).length;
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send.reset();
    const form: NoticeFormInput = { ...values, validUntil: values.validUntil || null, pinned };
    if (show(noticeFormErrors(form, editing ? values.validFrom : today(), categories)) > 0) return;
    send.mutate(form, {
      onSuccess: onDone,
      onError: (err) => {
        if (err.refusal.fields) show(err.refusal.fields as NoticeFields);
      },
    });
  }

  const refusedFields = Object.keys(send.error?.refusal.fields ?? {}).length > 0;
  const shown = NOTICE_FORM_FIELDS.filter((f) => errors[f]);
  const dayHint = t('boardNotices.dayHint', { max: NOTICE_DAYS_AHEAD_MAX });
  return (
    <form className="notice-form" onSubmit={onSubmit} noValidate>
      <h3>{editing ? t('boardNotices.editHeading') : t('boardNotices.postHeading')}</h3>
      <Field
        id={id('title')}
        label={t('boardNotices.title')}
        error={errors.title}
        announce={false}
        hint={t('boardNotices.titleHint', { max: NOTICE_TITLE_MAX })}
      >
        <input
          name="title"
          value={values.title}
          maxLength={NOTICE_TITLE_MAX}
          onChange={(e) => change('title', e.target.value)}
        />
      </Field>
      <Field id={id('category')} label={t('boardNotices.category')} error={errors.category} announce={false}>
        <select name="category" value={values.category} onChange={(e) => change('category', e.target.value)}>
          <option value="">{t('boardNotices.choose')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c.id)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('text')}
        label={t('boardNotices.text')}
        error={errors.text}
        announce={false}
        hint={t('boardNotices.textHint', { max: NOTICE_TEXT_MAX })}
      >
        <textarea
          name="text"
          rows={5}
          value={values.text}
          maxLength={NOTICE_TEXT_MAX}
          onChange={(e) => change('text', e.target.value)}
        />
      </Field>
      <Field
        id={id('validFrom')}
        label={t('boardNotices.validFromLabel')}
        error={errors.validFrom}
        announce={false}
        hint={dayHint}
      >
        <input
          type="date"
          name="validFrom"
          value={values.validFrom}
          onChange={(e) => change('validFrom', e.target.value)}
        />
      </Field>
      <Field
        id={id('validUntil')}
        label={t('boardNotices.validUntilLabel')}
        error={errors.validUntil}
        announce={false}
        hint={dayHint}
      >
        <input
          type="date"
          name="validUntil"
          value={values.validUntil}
          onChange={(e) => change('validUntil', e.target.value)}
        />
      </Field>
      <label className="choice">
        <input type="checkbox" name="pinned" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />{' '}
        {t('boardNotices.pinLabel')}
      </label>
      {attempt > 0 && (
        <FormErrors
          heading={t('boardNotices.fixFields', { count: shown.length })}
          errors={shown.map((f) => ({ id: id(f), text: errors[f]! }))}
          attempt={attempt}
        />
      )}
      <FormError
        message={
          send.error && !refusedFields
            ? refusal(send.error.refusal, { scope: 'boardNotices.refused', values: { live: NOTICE_LIVE_MAX } })
            : null
        }
      />
      <div className="row">
        <Button type="submit" className="primary" busy={send.isPending}>
          {send.isPending ? t('boardNotices.sending') : editing ? t('boardNotices.save') : t('boardNotices.post')}
        </Button>
        <Button onClick={onDone}>{t('boardNotices.cancel')}</Button>
      </div>
    </form>
  );
}
