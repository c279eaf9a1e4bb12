import type { ButtonHTMLAttributes, Ref } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Working on it: the button is marked busy and cannot be pressed again until the answer comes. */
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * A button that submits nothing unless asked (`type="submit"`): a stray press inside a form must not send it.
 * While `busy`, a screen reader hears that it is working and a second press does nothing.
 */
export function Button({ type = 'button', busy = false, disabled, ...rest }: ButtonProps) {
  return <button type={type} disabled={disabled || busy} aria-busy={busy || undefined} {...rest} />;
}
