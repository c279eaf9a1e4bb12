import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/** What Field sets on its control: the ties to its label, hint and error. */
interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

export interface FieldProps {
  label: ReactNode;
  /** The control: one input, textarea or select. Field gives it its id and its aria ties. */
  children: ReactElement<ControlProps>;
  /** What the field expects (its limit, its unit), read with the control. */
  hint?: ReactNode;
  /** What is wrong with what was entered; the control is marked invalid and described by it. */
  error?: string | null;
  /**
   * Say the error as it appears (role="alert"). Off for forms whose summary announces every error at once
   * (FormErrors): the error is then read when the control is reached, not shouted with all the others.
   */
  announce?: boolean;
  /** The control's id, when something else must reach it (a summary's link); generated otherwise. */
  id?: string;
  /** A checkbox or radio: the label follows the control on one line and a tap on it ticks the box. */
  choice?: boolean;
  /** Shown above the control (an uploaded image's preview). */
  before?: ReactNode;
  /** Shown right under the control, before its hint (an upload's progress). */
  after?: ReactNode;
  className?: string;
}

/** Ids of what describes a control: its hint and its error, when shown (for aria-describedby). */
export function describedBy(id: string, { hint, error }: { hint?: boolean; error?: boolean }): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A labelled control with its hint and its error under it. The label names the control, the hint and the
 * error describe it (aria-describedby), and an error marks it invalid — so whoever reaches the control by
 * keyboard or screen reader hears what it is, what it expects and what is wrong, in that order.
 */
export function Field({
  label,
  children,
  hint,
  error,
  announce = true,
  id: given,
  choice = false,
  before,
  after,
  className,
}: FieldProps) {
  const generated = useId();
  const id = given ?? generated;
  const control = cloneElement(children, {
    id,
    'aria-invalid': error ? true : undefined,
    // What the control is described by besides (a form's own error) is kept, after the hint and the error.
    'aria-describedby':
      [describedBy(id, { hint: Boolean(hint), error: Boolean(error) }), children.props['aria-describedby']]
        .filter(Boolean)
        .join(' ') || undefined,
  });
  return (
    <div className={className ? `field ${className}` : 'field'}>
      {choice ? (
        <label className="choice">
          {control}
          <span>{label}</span>
        </label>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {before}
          {control}
        </>
      )}
      {after}
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role={announce ? 'alert' : undefined}>
          {error}
        </p>
      )}
    </div>
  );
}
