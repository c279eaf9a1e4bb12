import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { FilingBody } from '../../client/panels/caseFile/FilingBody.tsx';
import type { FilingItem } from '../../shared/caseFile.ts';
import { renderIn, textOf } from '../support/renderIn.ts';

const at = { date: '2026-03-02', time: '10:15' };
const filing = (items: string[]): FilingItem => ({
  kind: 'filing',
  key: '20260302021500000000f1',
  at: '2026-03-02T02:15:00.000Z',
  station: at,
  filingId: 'f1',
  caseNumber: 'BJ-20260302-0001',
  signText: 'Grey Noodles',
  state: 'changesRequested',
  items,
  deadline: null,
  steps: [{ state: 'changesRequested', by: 'officer', station: at, items, deadline: null }],
});

/** The step's line as the file shows it, in one language. */
async function stepLine(lng: 'zh-CN' | 'en', items: string[]): Promise<string> {
  const html = await renderIn(lng, createElement(FilingBody, { item: filing(items) }));
  const step = /<ol[^>]*>(.*?)<\/ol>/s.exec(html)?.[1] ?? '';
  return textOf(step).join('');
}

describe('a sign filing in the case file', () => {
  it("lists a step's items with the reader's language's separator", async () => {
    const items = ['Lower the sign to 0.8 m', 'Show the lease'];
    expect(await stepLine('en', items)).toMatch(/ · Lower the sign to 0\.8 m; Show the lease$/);
    expect(await stepLine('zh-CN', ['招牌高度降到0.8米', '补交租赁合同'])).toMatch(
      / · 招牌高度降到0\.8米；补交租赁合同$/,
    );
  });
});
