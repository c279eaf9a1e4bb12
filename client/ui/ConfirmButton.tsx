import { useState } from 'react';
import { Button } from './Button.tsx';

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
 * A button for something that cannot be undone: the first press asks, the second does it, in place — the
 * question stays beside what it is about (which meeting, which session) in a list of several. The focus goes
 * with the person — to the confirming button when it appears, back to the first when they step back — so a
 * keyboard or screen-reader user is never dropped at the top of the page. For a question that deserves the
 * whole screen, use `Dialog`.
 */
export function ConfirmButton({ label, confirmLabel, keepLabel, onConfirm }: Props) {
  const [step, setStep] = useState<'idle' | 'asking' | 'busy' | 'back'>('idle');
  if (step === 'idle' || step === 'back') {
    return (
      <Button autoFocus={step === 'back'} onClick={() => setStep('asking')}>
        {label}
      </Button>
    );
  }
  return (
    <>
      <Button
        className="danger"
        autoFocus
        busy={step === 'busy'}
        onClick={async () => {
          setStep('busy');
          try {
            await onConfirm();
          } finally {
            // Done: where the thing asked about is still shown, the focus is back on its first button, not lost.
            setStep('back');
          }
        }}
      >
        {confirmLabel}
      </Button>
      <Button disabled={step === 'busy'} onClick={() => setStep('back')}>
        {keepLabel}
      </Button>
    </>
  );
}
