import { useId, type InputHTMLAttributes } from 'react';

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
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
