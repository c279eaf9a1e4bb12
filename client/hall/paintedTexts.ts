/**
 * What the hall's canvas textures have painted, by a name of the painting's own (a sign, a desk's placard,
 * a name tag's slot). The words on a texture cannot be read back from the GPU; this is what the debug probe
 * shows, so a test reads the 3D signs from the same strings they were drawn from.
 */
const painted = new Map<string, readonly string[]>();
let nextId = 0;

/** A fresh name for a painting that has none of its own (a label texture). */
export function paintingId(kind: string): string {
  return `${kind}#${++nextId}`;
}

/** Record the texts `id` now shows, replacing what it showed before. */
export function paint(id: string, texts: readonly string[]): void {
  painted.set(id, texts);
}

/** The painting is gone (its texture disposed, its slot freed). */
export function unpaint(id: string): void {
  painted.delete(id);
}

/** Every text on show in the hall's textures, in no particular order. */
export function paintedTexts(): string[] {
  return [...painted.values()].flat();
}
