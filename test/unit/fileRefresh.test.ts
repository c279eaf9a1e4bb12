import { afterEach, describe, expect, it } from 'vitest';
import { features, fileKey, invalidateFile, queryClient } from '../../client/net/queries.ts';

const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe("an open case file follows its merchant's concerns", () => {
  afterEach(() => queryClient.clear());

  it("marks every page of that merchant's file stale, and nothing else", () => {
    const kept = [
      fileKey('m-1', null),
      fileKey('m-1', 'older-page'),
      fileKey('m-2', null),
      [features.cases, 'deskLine', 'renovation:2|'],
      [features.concerns, 'open'],
    ] as const;
    for (const key of kept) queryClient.setQueryData(key, { items: [] });
    invalidateFile('m-1');
    expect(kept.map(stale)).toEqual([true, true, false, false, false]);
  });

  it('reaches the key the file pages are read under', () => {
    expect(fileKey('m-1', null)).toEqual([features.cases, 'file', 'm-1', null]);
    expect(fileKey('m-1', null).slice(0, 3)).toEqual(fileKey('m-1'));
  });
});
