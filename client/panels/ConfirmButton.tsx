import { useState } from 'react';

interface Props {
  /** The first button's text: what will happen. */
  label: string;
  /** The second step's text, on the button that does it. */
  confirmLabel: string;
  /** The way back, leaving things as they are. */
  keepLabel: string;
  onConfirm: () => void | Promise<void>;
}

/**
 * A button for something that cannot be undone: the first press asks, the second does it. The focus goes
 * with the person — to the confirming button when it appears, back to the first when they step back — so
 * a keyboard or screen-reader user is never dropped at the top of the page.
 */
export function ConfirmButton({ label, confirmLabel, keepLabel, onConfirm }: Props) {
  const [step, setStep] = useState<'idle' | 'asking' | 'back'>('idle');
  if (step !== 'asking') {
    return (
      <button type="button" autoFocus={step === 'back'} onClick={() => setStep('asking')}>
        {label}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={async () => {
          await onConfirm();
          setStep('idle');
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setStep('back')}>
        {keepLabel}
      </button>
    </>
  );
}
