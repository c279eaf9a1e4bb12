import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Working on it: the button shows a spinner, is marked busy and cannot be pressed again until the answer comes. */
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * A button that submits nothing unless asked (`type="submit"`): a stray press inside a form must not send it.
 * While `busy`, it shows a spinner, a screen reader hears that it is working and a second press does nothing.
 * A busy button stays focusable (aria-disabled, not disabled): a disabled button drops the focus to the top of
 * the page, and the person who pressed it would have to find their way back.
 */
export function Button({ type = 'button', busy = false, disabled, onClick, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      disabled={disabled}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={(e: MouseEvent<HTMLButtonElement>) => {
        // Also stops a busy submit button from sending its form again (Enter in a field presses it too).
        if (busy) return e.preventDefault();
        onClick?.(e);
      }}
    />
  );
}
