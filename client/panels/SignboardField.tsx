import type { ReactNode } from 'react';

/** Ids of what describes a field's input: its hint and its error, when shown (for aria-describedby). */
export function describedBy(id: string, { hint, error }: { hint?: boolean; error?: boolean }): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * One field of the filing form: label, input, hint and error. The error names the field and what it expects;
 * the input points at it with aria-describedby, so it is read when the input is reached rather than shouted
 * with every other error at once (the form's summary announces them together).
 */
export function SignboardField({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
