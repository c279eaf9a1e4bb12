import type { zhCN } from './zh-CN.ts';
import type { ParseKeys } from 'i18next';

/**
 * Types every `t()` call against the Chinese catalogue (the source every other language must match), so a
 * missing or misspelt key is a compile error, a key built from a code must come from that code's union, and
 * a `defaultValue` does not excuse a key that does not exist.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    returnNull: false;
    strictKeyChecks: true;
  }
}

/** A key of the catalogues, for code that hands a key on to be said later (a notice). */
export type MessageKey = ParseKeys;
