import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactElement, ReactNode } from 'react';

export interface DialogProps {
  /** What opens it: a button, which gets the focus back once the dialog closes. */
  trigger: ReactElement;
  title: string;
  /** What the person is asked, read with the title when the dialog opens. */
  description?: string;
  /** The dialog's buttons; wrap the ones that close it in `DialogClose`. */
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** A class added to the dialog's box, for one that shows more than a question (a picture at full size). */
  className?: string;
}

/**
 * A modal question over the page: the focus moves into it and stays there until it closes (Escape, a close
 * button, or a tap outside), then goes back to the button that opened it; the rest of the page is hidden
 * from screen readers meanwhile.
 */
export function Dialog({ trigger, title, description, children, open, onOpenChange, className }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={className ? `dialog card ${className}` : 'dialog card'}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <RadixDialog.Title asChild>
            <h2>{title}</h2>
          </RadixDialog.Title>
          {description && <RadixDialog.Description>{description}</RadixDialog.Description>}
          <div className="row dialog-actions">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Closes the dialog it is in; wraps one of the dialog's buttons (`<DialogClose asChild>`). */
export const DialogClose = RadixDialog.Close;
