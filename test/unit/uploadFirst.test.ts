import { describe, expect, it } from 'vitest';
import { InstancedBufferAttribute } from 'three';
import { uploadFirst } from '../../client/hall/uploadFirst.ts';

describe('uploadFirst', () => {
  it('marks only the elements in use for upload', () => {
    const matrices = new InstancedBufferAttribute(new Float32Array(512 * 16), 16);
    const before = matrices.version;
    uploadFirst(matrices, 70);
    expect(matrices.updateRanges).toEqual([{ start: 0, count: 70 * 16 }]);
    expect(matrices.version).toBe(before + 1);
  });

  it('replaces the ranges of an earlier frame that was not drawn', () => {
    const colours = new InstancedBufferAttribute(new Float32Array(512 * 3), 3);
    uploadFirst(colours, 100);
    uploadFirst(colours, 20);
    expect(colours.updateRanges).toEqual([{ start: 0, count: 60 }]);
  });

  it('never goes past the buffer, and uploads nothing for no one', () => {
    const kinds = new InstancedBufferAttribute(new Float32Array(8), 1);
    uploadFirst(kinds, 50);
    expect(kinds.updateRanges).toEqual([{ start: 0, count: 8 }]);
    const empty = new InstancedBufferAttribute(new Float32Array(8), 1);
    const version = empty.version;
    uploadFirst(empty, 0);
    expect(empty.updateRanges).toEqual([]);
    expect(empty.version).toBe(version);
  });
});
