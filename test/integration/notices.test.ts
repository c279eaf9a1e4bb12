import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import {
  NOTICE_TITLE_MAX,
  type NoticeChangedNotice,
  type NoticeList,
  NoticesRoute,
  type NoticeView,
} from '../../shared/boardNotices.ts';
import { stationDay } from '../../shared/dates.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { MovableClock } from '../support/clock.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const one = (route: string, id: string) => route.replace(':id', id);

const noticeNews = (box: Inbox) =>
  box.filter((m) => m.type === HallNotice.noticeChanged).map((m) => m.message as NoticeChangedNotice);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`notice tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-notices')))('the notice board on $name', (target) => {
  let hall: RunningHall;
  const clock = new MovableClock();
  let merchant: string;
  let neighbour: string;
  let officer: string;
  let manager: string;
  let merchantIn: Visitor;
  let officerIn: Visitor;
  let posted: NoticeView;
  const today = () => stationDay(clock.now(), TZ);
  const inDays = (n: number) => stationDay(clock.now() + n * DAY, TZ);
  const form = () => ({
    title: '门头招牌备案新规',
    text: '自下月起，新设招牌须先备案。\n请带齐效果图。',
    category: 'signFiling',
    validFrom: today(),
    validUntil: inDays(30),
  });
  const list = (token: string) => api<NoticeList>(hall, token, 'GET', NoticesRoute.notices);

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ }, clock);
    const url = hallUrl(hall);
    merchant = await signUpMerchant(url, '周女士', '周记茶饮');
    neighbour = await signUpMerchant(url, '吴先生', '吴家烧烤');
    officer = await staffToken(hall, 'officer', 'sun', '孙警官');
    manager = await staffToken(hall, 'parkManager', 'qian', '钱经理');
    merchantIn = await visitWithToken(hall, merchant);
    officerIn = await visitWithToken(hall, officer);
  }, 120_000);
  afterAll(async () => {
    for (const v of [merchantIn, officerIn]) await v?.room.leave().catch(() => undefined);
    await hall.close();
    await target.cleanup();
  });

  it('an officer posts a notice; a merchant in the hall hears of it at once and their list has it', async () => {
    const r = await api<NoticeView>(hall, officer, 'POST', NoticesRoute.notices, form());
    expect(r.status).toBe(201);
    posted = r.body;
    expect(posted).toMatchObject({ title: '门头招牌备案新规', state: 'current', pinned: false });
    expect(posted.text).toBe('自下月起，新设招牌须先备案。\n请带齐效果图。');
    const heard = await until(
      () => noticeNews(merchantIn.box).find((n) => n.id === posted.id),
      'the merchant hears of the notice',
    );
    expect(heard.notice?.title).toBe('门头招牌备案新规');
    const mine = await list(merchant);
    expect(mine.body.notices.map((n) => n.id)).toEqual([posted.id]);
    expect(mine.body.notices[0]?.read).toBe(false);
    // Its author has read it.
    expect((await list(officer)).body.notices.find((n) => n.id === posted.id)?.read).toBe(true);
    const log = await listAudit(hall.db, { targetKind: 'notice', targetId: posted.id });
    expect(log.map((e) => e.action)).toEqual(['notice.post']);
  });

  it('refuses a bad form field by field, naming each limit', async () => {
    const r = await api<{ error: string; fields: Record<string, string> }>(
      hall,
      officer,
      'POST',
      NoticesRoute.notices,
      {
        ...form(),
        title: '长'.repeat(NOTICE_TITLE_MAX + 1),
        category: 'nope',
        validFrom: inDays(-5),
        validUntil: inDays(-1),
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.fields).toMatchObject({ title: 'too_long', category: 'invalid_choice', validUntil: 'out_of_range' });
  });

  it('merchants and park managers may not post, edit, pin or retire (403)', async () => {
    for (const token of [merchant, manager]) {
      expect((await api(hall, token, 'POST', NoticesRoute.notices, form())).status).toBe(403);
      expect((await api(hall, token, 'PUT', one(NoticesRoute.one, posted.id), form())).status).toBe(403);
      const retire = await api(hall, token, 'POST', one(NoticesRoute.actions, posted.id), { action: 'retire' });
      expect(retire.status).toBe(403);
    }
    expect((await list(merchant)).body.notices[0]?.title).toBe('门头招牌备案新规');
  });

  it('read marks are per person', async () => {
    expect((await api(hall, merchant, 'POST', one(NoticesRoute.read, posted.id))).status).toBe(200);
    expect((await list(merchant)).body.notices.find((n) => n.id === posted.id)?.read).toBe(true);
    expect((await list(neighbour)).body.notices.find((n) => n.id === posted.id)?.read).toBe(false);
  });

  it('a merchant never receives a notice not yet valid; it shows from its first day on the station calendar', async () => {
    const seen = merchantIn.box.length;
    const r = await api<NoticeView>(hall, officer, 'POST', NoticesRoute.notices, {
      ...form(),
      title: '夜市开市活动',
      category: 'event',
      validFrom: inDays(1),
      pinned: true,
    });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('upcoming');
    await until(() => noticeNews(officerIn.box).find((n) => n.id === r.body.id), 'the officer hears of it');
    expect(noticeNews(merchantIn.box.slice(seen)).map((n) => n.id)).not.toContain(r.body.id);
    expect((await list(merchant)).body.notices.map((n) => n.id)).not.toContain(r.body.id);
    expect((await list(manager)).body.notices.map((n) => n.id)).not.toContain(r.body.id);
    expect((await list(officer)).body.notices.map((n) => n.id)).toEqual([r.body.id, posted.id]);
    expect((await api(hall, merchant, 'POST', one(NoticesRoute.read, r.body.id))).status).toBe(404);
    clock.advance(DAY);
    // Pinned first, then the newest.
    expect((await list(merchant)).body.notices.map((n) => n.id)).toEqual([r.body.id, posted.id]);
  });

  it('an officer edits and retires one; the merchant is told it left, and never receives it again', async () => {
    const edited = await api<NoticeView>(hall, officer, 'PUT', one(NoticesRoute.one, posted.id), {
      ...form(),
      title: '门头招牌备案新规（修订）',
    });
    expect(edited.status).toBe(200);
    await until(
      () => noticeNews(merchantIn.box).find((n) => n.notice?.title === '门头招牌备案新规（修订）'),
      'the merchant hears of the edit',
    );
    const retired = await api<NoticeView>(hall, officer, 'POST', one(NoticesRoute.actions, posted.id), {
      action: 'retire',
    });
    expect(retired.body.state).toBe('retired');
    await until(
      () => noticeNews(merchantIn.box).find((n) => n.id === posted.id && n.notice === null),
      'the merchant is told it left the board',
    );
    expect((await list(merchant)).body.notices.map((n) => n.id)).not.toContain(posted.id);
    expect((await list(officer)).body.notices.find((n) => n.id === posted.id)?.state).toBe('retired');
    const again = await api(hall, officer, 'PUT', one(NoticesRoute.one, posted.id), form());
    expect(again.status).toBe(409);
    const log = await listAudit(hall.db, { targetKind: 'notice', targetId: posted.id });
    expect(log.map((e) => e.action)).toEqual(['notice.retire', 'notice.edit', 'notice.post']);
  });
});
