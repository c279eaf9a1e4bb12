import { describe, expect, it } from 'vitest';
import { ConcernEntryKind, type ConcernChangedNotice } from '../../shared/concerns.ts';
import { concernNews } from '../../client/net/concernNews.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

const notice = (change: ConcernChangedNotice['change']): ConcernChangedNotice => ({
  id: 'c1',
  number: 'SQ-20261207-0001',
  status: 'inProgress',
  change,
});

describe('who is told of a change to a concern', () => {
  it('tells the merchant it is received and what the station did, never what they did themselves', () => {
    const told = Object.values(ConcernEntryKind).filter((k) => concernNews(true, notice(k)) !== null);
    expect(told.sort()).toEqual(['assign', 'bookVisit', 'note', 'raised', 'refer', 'reply']);
    expect(concernNews(true, notice('raised'))).toBe('concerns.news.received');
    expect(concernNews(true, notice('overdue'))).toBeNull();
  });

  it('tells staff of a new concern, the merchant’s answer and a deadline passed, not of each other’s steps', () => {
    const told = [...Object.values(ConcernEntryKind), 'overdue' as const].filter(
      (k) => concernNews(false, notice(k)) !== null,
    );
    expect(told.sort()).toEqual(['confirm', 'overdue', 'raised', 'reopen']);
  });

  it('tells the officer who made a change nothing of it, whatever it was; others on duty as before', () => {
    for (const k of [...Object.values(ConcernEntryKind), 'overdue' as const]) {
      expect(concernNews(false, { ...notice(k), yours: true })).toBeNull();
    }
    expect(concernNews(false, notice('raised'))).toBe('concerns.news.raised');
  });

  it('has words for every piece of news it gives', () => {
    for (const merchant of [true, false]) {
      for (const k of [...Object.values(ConcernEntryKind), 'overdue' as const]) {
        const key = concernNews(merchant, notice(k));
        if (key) expect(zhCN.concerns.news).toHaveProperty(key.replace('concerns.news.', ''));
      }
    }
  });
});
