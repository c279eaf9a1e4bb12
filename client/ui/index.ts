/**
 * The page's small vocabulary of accessible parts, shared by every panel: use these rather than a hand-made
 * label, error or tab list, so each form reads and behaves the same.
 */
export { Button, type ButtonProps } from './Button.tsx';
export { ConfirmButton } from './ConfirmButton.tsx';
export { Dialog, DialogClose, type DialogProps } from './Dialog.tsx';
export { describedBy, Field, type FieldProps } from './Field.tsx';
export { codesOfIssues, fieldCodes } from './fieldCodes.ts';
export { focusAfter, focusIsLost, focusOn, mayTakeFocus, useFocusOnChange, type FocusOnChange } from './focus.ts';
export { FormError } from './FormError.tsx';
export { FormErrors, type FieldMessage } from './FormErrors.tsx';
export { Tabs, type Tab } from './Tabs.tsx';
export { readingTime, Toast, TOAST_MIN_MS } from './Toast.tsx';
export { ToastList } from './ToastList.tsx';
export { usePageHidden } from './usePageHidden.ts';
