import { describe, expect, it } from 'vitest';
import { PATH_ID_MAX, pathId } from '../../server/http/pathId.ts';

describe('an id from a request path', () => {
  it('keeps an ordinary id as it is', () => {
    expect(pathId('4f1c2a9e-8b1d-4c55-9d0e-2f6b7a1c3e5d')).toBe('4f1c2a9e-8b1d-4c55-9d0e-2f6b7a1c3e5d');
    expect(pathId('__proto__')).toBe('__proto__');
  });

  it('is cut to its bound', () => {
    expect(pathId('x'.repeat(5000))).toHaveLength(PATH_ID_MAX);
  });

  it('names nothing when it holds a NUL, which storage would refuse', () => {
    expect(pathId('\0')).toBe('');
    expect(pathId('abc\0def')).toBe('');
  });
});
