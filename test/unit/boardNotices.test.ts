import { describe, expect, it } from 'vitest';
import {
  boardOrder,
  DEFAULT_NOTICE_CATEGORIES,
  isCurrent,
  NOTICE_DAYS_AHEAD_MAX,
  NOTICE_TEXT_MAX,
  NOTICE_TITLE_MAX,
  noticeFormErrors,
  noticeState,
  parseNoticeForm,
  type NoticeView,
} from '../../shared/boardNotices.ts';
import {
  BAND_PX,
  BOARD_H_PX,
  lineCapacity,
  pageRows,
  TEXT_LINES,
  TEXT_PX,
  TITLE_LINES,
  TITLE_PX,
  wrapLines,
} from '../../client/hall/noticeBoardLines.ts';
import { loadConfig } from '../../server/config.ts';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-12-05';
const cats = DEFAULT_NOTICE_CATEGORIES;
const FORM = { title: '装修须知', text: '施工时间 8:00—18:00', category: 'renovation', validFrom: TODAY };

describe('a notice’s days, on the station’s calendar', () => {
  const window = { validFrom: '2026-12-05', validUntil: '2026-12-06', retired: false };

  it('starts at the station’s midnight, not UTC’s', () => {
    // 2026-12-04 16:00 UTC is midnight of the 5th in Shanghai; a minute earlier is still the 4th there.
    expect(isCurrent(window, Date.parse('2026-12-04T15:59:00Z'), TZ)).toBe(false);
    expect(isCurrent(window, Date.parse('2026-12-04T16:00:00Z'), TZ)).toBe(true);
    expect(noticeState(window, Date.parse('2026-12-04T15:59:00Z'), TZ)).toBe('upcoming');
  });

  it('shows through the whole of its last day, then has ended', () => {
    expect(isCurrent(window, Date.parse('2026-12-06T15:59:00Z'), TZ)).toBe(true);
    expect(isCurrent(window, Date.parse('2026-12-06T16:00:00Z'), TZ)).toBe(false);
    expect(noticeState(window, Date.parse('2026-12-06T16:00:00Z'), TZ)).toBe('ended');
  });

  it('without a last day shows until retired; a retired one never shows', () => {
    const open = { ...window, validUntil: null };
    expect(isCurrent(open, Date.parse('2030-01-01T00:00:00Z'), TZ)).toBe(true);
    expect(isCurrent({ ...open, retired: true }, Date.parse('2026-12-05T04:00:00Z'), TZ)).toBe(false);
    expect(noticeState({ ...open, retired: true }, Date.parse('2026-12-05T04:00:00Z'), TZ)).toBe('retired');
  });
});

describe('the notice form', () => {
  it('takes a good form, keeping the text’s line breaks and trimming spaces around them', () => {
    const r = parseNoticeForm({ ...FORM, text: ' 第一行  \r\n第二行\n\n\n\n第三行 ' }, TODAY, cats);
    expect(r.ok && r.form).toMatchObject({ text: '第一行\n第二行\n\n第三行', validUntil: null, pinned: false });
  });

  it('refuses each field at its limit, by name', () => {
    expect(noticeFormErrors({ ...FORM, title: '字'.repeat(NOTICE_TITLE_MAX) }, TODAY, cats)).toEqual({});
    expect(noticeFormErrors({ ...FORM, title: '字'.repeat(NOTICE_TITLE_MAX + 1) }, TODAY, cats)).toEqual({
      title: 'too_long',
    });
    expect(noticeFormErrors({ ...FORM, text: 'a'.repeat(NOTICE_TEXT_MAX + 1) }, TODAY, cats)).toEqual({
      text: 'too_long',
    });
    expect(noticeFormErrors({ ...FORM, title: ' ', text: '' }, TODAY, cats)).toEqual({
      title: 'required',
      text: 'required',
    });
    expect(noticeFormErrors({ ...FORM, text: 'a\u202eb' }, TODAY, cats)).toEqual({ text: 'invalid_chars' });
    expect(noticeFormErrors({ ...FORM, category: 'noise' }, TODAY, cats)).toEqual({ category: 'invalid_choice' });
  });

  it('judges the days: real ones, in order, not past, not too far ahead', () => {
    expect(noticeFormErrors({ ...FORM, validFrom: '2026-02-30' }, TODAY, cats)).toEqual({ validFrom: 'invalid_day' });
    expect(noticeFormErrors({ ...FORM, validUntil: '2026-12-04' }, TODAY, cats)).toEqual({
      validUntil: 'invalid_day',
    });
    expect(noticeFormErrors({ ...FORM, validFrom: '2026-12-01', validUntil: '2026-12-04' }, TODAY, cats)).toEqual({
      validUntil: 'out_of_range',
    });
    const far = new Date(Date.parse(`${TODAY}T00:00:00Z`) + (NOTICE_DAYS_AHEAD_MAX + 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(noticeFormErrors({ ...FORM, validFrom: far }, TODAY, cats)).toEqual({ validFrom: 'out_of_range' });
  });

  it('names odd keys as unknown fields, `__proto__` included, without touching any prototype', () => {
    const input: unknown = JSON.parse(
      '{"title":"t","text":"x","category":"event","validFrom":"2026-12-05","__proto__":{"polluted":1},"constructor":2}',
    );
    const errors = noticeFormErrors(input, TODAY, cats);
    expect(Object.keys(errors).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(noticeFormErrors(null, TODAY, cats)).toMatchObject({ title: 'required', text: 'required' });
  });
});

it('orders the board pinned first, then the newest', () => {
  const n = (id: string, pinned: boolean, postedAt: string) => ({ id, pinned, postedAt }) as NoticeView;
  const list = [n('a', false, '2026-12-01'), n('b', true, '2026-11-01'), n('c', false, '2026-12-03')];
  expect(list.sort(boardOrder).map((x) => x.id)).toEqual(['b', 'c', 'a']);
});

describe('the 3D board’s lines', () => {
  it('keeps a short title on one large line, whole', () => {
    expect(wrapLines('★外摆经营须知', TITLE_PX, TITLE_LINES)).toEqual(['★外摆经营须知']);
  });

  it('wraps a longer title onto a second line and cuts what is left with an ellipsis', () => {
    const lines = wrapLines('【招牌备案】门头招牌设置须先备案再施工安装', TITLE_PX, TITLE_LINES);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(lineCapacity(TITLE_PX));
  });

  it('breaks English between words, and a word longer than a line where the line ends', () => {
    expect(wrapLines('Outdoor trading rules for the summer', TITLE_PX, 3)).toEqual([
      'Outdoor',
      'trading',
      'rules for…',
    ]);
    expect(wrapLines('Pneumonoultramicroscopic', TITLE_PX, 2).join('')).toBe('Pneumonoultramicroscopic');
  });

  it('keeps the text’s own line breaks and shows at most its first lines', () => {
    expect(wrapLines('店外摆放不得占用盲道。\n每日 22 点前收回。', TEXT_PX, TEXT_LINES)).toEqual([
      '店外摆放不得占用盲道。',
      '每日 22 点前收回。',
    ]);
    expect(wrapLines('一\n二\n三', TEXT_PX, TEXT_LINES)).toEqual(['一', '二…']);
    expect(wrapLines('', TEXT_PX, TEXT_LINES)).toEqual([]);
  });

  it('puts a page’s lines under the band, in order, inside the board', () => {
    const rows = pageRows({ title: '【招牌备案】门头招牌设置须先备案再施工安装', text: '一\n二\n三' });
    expect(rows.map((r) => r.part)).toEqual(['title', 'title', 'text', 'text']);
    for (const [i, r] of rows.entries()) {
      expect(r.middle - r.size / 2).toBeGreaterThanOrEqual(
        i === 0 ? BAND_PX : rows[i - 1]!.middle + rows[i - 1]!.size / 2,
      );
      expect(r.middle + r.size / 2).toBeLessThanOrEqual(BOARD_H_PX);
    }
  });
});

describe('the NOTICE_CATEGORIES setting', () => {
  it('defaults to the five categories, takes a station’s own, and stops the start on a wrong list', () => {
    expect(loadConfig({}).noticeCategories.map((c) => c.zh)).toEqual(['招牌备案', '装修', '市容环境', '活动', '其他']);
    const own = [{ id: 'market', zh: '集市', en: 'Market' }];
    expect(loadConfig({ NOTICE_CATEGORIES: JSON.stringify(own) }).noticeCategories).toEqual(own);
    expect(() => loadConfig({ NOTICE_CATEGORIES: '[{' })).toThrow(/NOTICE_CATEGORIES must be a JSON array/);
    expect(() => loadConfig({ NOTICE_CATEGORIES: '[]' })).toThrow(/NOTICE_CATEGORIES: .*1 to 30 categories/);
  });
});
