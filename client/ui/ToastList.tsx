import type { ReactNode } from 'react';

/**
 * Where toasts appear: one polite live region, so each new toast is read once, after whatever the reader is
 * hearing, and never interrupts.
 */
export function ToastList({ children }: { children: ReactNode }) {
  return (
    <ol className="toasts" aria-live="polite" aria-relevant="additions">
      {children}
    </ol>
  );
}
