import { useId, type InputHTMLAttributes } from 'react';

/** The attributes that tie a control to its error message (none while there is no error). */
export function errorProps(id: string, error: string | null | undefined) {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}

/** A field's error under it, read with the control that {@link errorProps} ties to it. */
export function FieldError({ id, error }: { id: string; error: string | null | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {error}
    </span>
  );
}

/**
 * An input with its own visible label, side by side with others in a row (date, time, numbers). With an
 * `error`, the input is marked invalid and the message, shown under it, is read with it.
 */
export function LabelledInput({
  label,
  error,
  ...input
}: { label: string; error?: string | null } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...errorProps(id, error)} {...input} />
      <FieldError id={id} error={error} />
    </span>
  );
}
