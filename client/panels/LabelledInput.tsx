import { useId, type InputHTMLAttributes } from 'react';

/** An input with its own visible label, side by side with others in a row (date, time, numbers). */
export function LabelledInput({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </span>
  );
}
