import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  concernStepErrors,
  parseConcernStep,
  type ConcernFields,
  type ConcernStep,
  type ConcernView,
} from '../../../shared/concerns.ts';
import { Button, Field, FormError, FormErrors } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useConcernStep } from './concernQueries.ts';
import { useConcernFieldText } from './concernWords.ts';

/** One field of a step's form: its name in the step's body, its label, and what kind of input it is. */
export interface StepField {
  name: string;
  label: string;
  /** Several lines (a note, a reply); otherwise one line. */
  multiline?: boolean;
  /** A date or a time input instead of text. */
  type?: 'date' | 'time';
  /** Characters at most, said under the field and kept by the input. */
  max?: number;
}

/**
 * A step on a concern as a small form: its fields, judged by the same checks the hall applies (each refused
 * field named with its limit, a summary that takes the focus), then sent. `needs` names a field without which
 * the button does nothing but say why and take the person to it: a reply, without which nothing is answered.
 */
export function StepForm({
  concernId,
  kind,
  fields,
  submitLabel,
  needs,
  focusFirst = false,
  onDone,
}: {
  concernId: string;
  kind: ConcernStep;
  fields: readonly StepField[];
  submitLabel: string;
  needs?: { field: string; why: string };
  /** Opened by the person's own press (reopen): the first field takes the focus at once. */
  focusFirst?: boolean;
  onDone: (concern: ConcernView) => void;
}) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const fieldText = useConcernFieldText();
  const step = useConcernStep(concernId);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const base = useId();
  const id = (f: string) => `${base}-${f}`;
  const show = (codes: ConcernFields) => {
    setErrors(fieldText(codes));
    setAttempt((n) => n + 1);
    return Object.keys(codes).length;
  };
  const missing = needs !== undefined && !(values[needs.field] ?? '').trim();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (missing) {
      document.getElementById(id(needs.field))?.focus();
      return;
    }
    step.reset();
    const body = { kind, ...values };
    const parsed = parseConcernStep(body);
    if (!parsed) {
      show(concernStepErrors(body));
      return;
    }
    setErrors({});
    step.mutate(parsed, {
      onSuccess: (concern) => {
        setValues({});
        setAttempt(0);
        onDone(concern);
      },
      onError: (err) => {
        if (err.refusal.fields) show(err.refusal.fields as ConcernFields);
      },
    });
  }

  const refusedFields = Object.keys(step.error?.refusal.fields ?? {}).length > 0;
  const listed = fields.filter((f) => errors[f.name]);
  return (
    <form className="concern-step" onSubmit={onSubmit} noValidate>
      {fields.map((f, i) => {
        const control = {
          name: f.name,
          autoFocus: focusFirst && i === 0,
          value: values[f.name] ?? '',
          maxLength: f.max,
          onChange: (e: { target: { value: string } }) => {
            const value = e.target.value;
            setValues((v) => ({ ...v, [f.name]: value }));
            setErrors(({ [f.name]: _gone, ...rest }) => rest);
          },
        };
        return (
          <Field
            key={f.name}
            id={id(f.name)}
            label={f.label}
            error={errors[f.name]}
            announce={false}
            hint={f.max ? t('concerns.maxHint', { max: f.max }) : undefined}
          >
            {f.multiline ? <textarea rows={3} {...control} /> : <input type={f.type ?? 'text'} {...control} />}
          </Field>
        );
      })}
      {attempt > 0 && (
        <FormErrors
          heading={t('concerns.fixFields', { count: listed.length })}
          errors={listed.map((f) => ({ id: id(f.name), text: errors[f.name]! }))}
          attempt={attempt}
        />
      )}
      <FormError
        message={step.error && !refusedFields ? refusal(step.error.refusal, { scope: 'concerns.refused' }) : null}
      />
      {missing ? (
        // Looks and reads as unavailable, yet stays reachable: pressed, it takes the person to what is missing.
        <button type="submit" className="primary" aria-disabled="true" aria-describedby={id('why')}>
          {submitLabel}
        </button>
      ) : (
        <Button
          type="submit"
          className="primary"
          busy={step.isPending}
          aria-describedby={needs ? id('why') : undefined}
        >
          {submitLabel}
        </Button>
      )}
      {needs && (
        <p id={id('why')} className="muted small">
          {needs.why}
        </p>
      )}
    </form>
  );
}
