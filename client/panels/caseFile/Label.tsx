/**
 * A part's name within an item of the file (checklist, notes, conversation), quieter than the item's line that
 * leads it. Not a heading: inside a narrow panel a browser's small heading sizes read smaller than the text.
 */
export function Label({ children }: { children: string }) {
  return <p className="muted small">{children}</p>;
}
