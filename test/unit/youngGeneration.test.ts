import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { semiSpaceArgs } from '../../server/youngGeneration.ts';

describe('the young generation the hall starts with', () => {
  it('asks V8 for the configured semi-space, 64 MB unless told otherwise', () => {
    expect(loadConfig({}).semiSpaceMb).toBe(64);
    expect(semiSpaceArgs(64, [])).toEqual(['--min-semi-space-size=64']);
    expect(semiSpaceArgs(16, ['--expose-gc'])).toEqual(['--min-semi-space-size=16']);
  });

  it('starts again only once, and leaves a size given on the command line alone', () => {
    expect(semiSpaceArgs(64, ['--min-semi-space-size=64'])).toBeNull();
    expect(semiSpaceArgs(64, ['--max-semi-space-size=8'])).toBeNull();
    expect(semiSpaceArgs(64, ['--min-semi-space-size', '32'])).toBeNull();
  });

  it('leaves V8 to size it itself with 0, and refuses what is not a size', () => {
    expect(semiSpaceArgs(loadConfig({ HALL_SEMI_SPACE_MB: '0' }).semiSpaceMb, [])).toBeNull();
    expect(() => loadConfig({ HALL_SEMI_SPACE_MB: '300' })).toThrow(/HALL_SEMI_SPACE_MB must be a whole number/);
    expect(() => loadConfig({ HALL_SEMI_SPACE_MB: '1.5' })).toThrow(/HALL_SEMI_SPACE_MB/);
  });
});
