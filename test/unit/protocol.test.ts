import { describe, expect, it } from 'vitest';
import { moveToSchema, Reason, steerSchema } from '../../shared/protocol.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

describe('intent payloads', () => {
  it('accepts well-formed intents', () => {
    expect(moveToSchema.safeParse({ x: 1.5, z: -3 }).success).toBe(true);
    expect(steerSchema.safeParse({ x: 0, z: -1 }).success).toBe(true);
  });

  it.each([
    ['a string', '1,2'],
    ['null', null],
    ['missing z', { x: 1 }],
    ['a string number', { x: '1', z: 2 }],
    ['NaN', { x: Number.NaN, z: 0 }],
    ['Infinity', { x: Infinity, z: 0 }],
    ['far outside any hall', { x: 1e9, z: 0 }],
    ['an extra key', { x: 1, z: 1, teleport: true }],
  ])('refuses a move with %s', (_label, payload) => {
    expect(moveToSchema.safeParse(payload).success).toBe(false);
  });

  it('refuses a steer longer than one on either axis', () => {
    expect(steerSchema.safeParse({ x: 2, z: 0 }).success).toBe(false);
    expect(steerSchema.safeParse({ x: 0, z: -1.01 }).success).toBe(false);
  });
});

describe('message catalogues', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v as object, `${prefix}${k}.`)));

  it('English has every key Chinese has, and no more', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('every refusal reason reads in both languages', () => {
    for (const reason of Object.values(Reason)) {
      expect(zhCN.reasons[reason], reason).toBeTruthy();
      expect(en.reasons[reason], reason).toBeTruthy();
    }
  });
});
