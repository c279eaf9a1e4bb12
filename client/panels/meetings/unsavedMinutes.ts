/** Minutes typed but not yet saved, one sender per open item: sent before the chair ends the session (which publishes them). */
const unsaved = new Set<() => Promise<unknown>>();

/** Note an item's sender while its editor is open; returns how to forget it. */
export function holdUnsaved(send: () => Promise<unknown>): () => void {
  unsaved.add(send);
  return () => unsaved.delete(send);
}

/** Send every item's minutes typed and not yet saved; resolves once the hall has answered each. */
export async function saveAllMinutes(): Promise<void> {
  await Promise.all([...unsaved].map((send) => send()));
}
