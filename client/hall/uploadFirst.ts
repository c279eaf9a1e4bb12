import type { BufferAttribute, InstancedBufferAttribute } from 'three';

/**
 * Mark the first `items` elements of an attribute for upload, not the whole buffer: instanced buffers are sized for
 * the most people a page can draw (512), and a page usually draws a tenth of that. Nothing is uploaded for none
 * (a mesh with no instances is not drawn).
 */
export function uploadFirst(attribute: BufferAttribute | InstancedBufferAttribute, items: number): void {
  if (items <= 0) return;
  attribute.clearUpdateRanges();
  attribute.addUpdateRange(0, Math.min(items, attribute.count) * attribute.itemSize);
  attribute.needsUpdate = true;
}
