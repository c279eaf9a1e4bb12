import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { GuidanceRoute, type GuidanceView } from '../../shared/guidance.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken, api } from './helpers.ts';

const RESTAURANT = { restaurant: true, facadeWork: true, kitchenWork: true, streetSide: true, cookingHeads: 4 };

describe('renovation guidance', () => {
  let hall: RunningHall;
  let owner: string;
  let stranger: string;
  let officer: string;
  let other: string;
  let sheet: GuidanceView;

  beforeAll(async () => {
    hall = await bootHall();
    owner = await signUpMerchant(hallUrl(hall), '钱老板', '钱记火锅');
    stranger = await signUpMerchant(hallUrl(hall), '孔女士', '孔家书店');
    officer = await staffToken(hall, 'officer', 'yan', '严警官');
    other = await staffToken(hall, 'officer', 'tao', '陶警官');
  });
  afterAll(async () => {
    await hall.close();
  });

  it('builds the whole checklist at once from the answers, on the merchant’s renovation case', async () => {
    const r = await api<GuidanceView>(hall, owner, 'POST', GuidanceRoute.list, RESTAURANT);
    expect(r.status).toBe(201);
    sheet = r.body;
    expect(sheet.items.map((i) => i.id)).toEqual([
      'hoarding-before-work',
      'hoarding-nothing-outside',
      'debris-removal',
      'facade-design',
      'sign-filing',
      'kitchen-fire',
      'purifier',
      'purifier-cleaning',
    ]);
    const purifier = sheet.items.find((i) => i.id === 'purifier')!;
    expect(purifier.text.zh).toContain('中型油烟净化器（4 个灶头）');
    expect(purifier.text.zh).toContain('不低于 75%');
    expect(purifier.text.zh).toContain('不超过 2.0 mg/m³');
    expect(purifier.text.en).toContain('GB 18483');
    expect(sheet.caseNumber).toMatch(/^BJ-\d{8}-\d{4}$/);

    const shop = await api<GuidanceView>(hall, owner, 'POST', GuidanceRoute.list, {
      restaurant: false,
      facadeWork: false,
      kitchenWork: false,
      streetSide: false,
      cookingHeads: 0,
    });
    expect(shop.body.items.map((i) => i.id)).toEqual(['debris-removal']);
    expect(shop.body.caseId).toBe(sheet.caseId); // the same open renovation case
  });

  it('refuses answers that make no sense, and keeps sheets private', async () => {
    expect((await api(hall, owner, 'POST', GuidanceRoute.list, { ...RESTAURANT, cookingHeads: 0 })).status).toBe(400);
    expect((await api(hall, owner, 'POST', GuidanceRoute.list, { ...RESTAURANT, cookingHeads: 2.5 })).status).toBe(400);
    expect((await api(hall, owner, 'POST', GuidanceRoute.list, { restaurant: 'yes' })).status).toBe(400);
    expect((await api(hall, officer, 'POST', GuidanceRoute.list, RESTAURANT)).status).toBe(403);
    const one = GuidanceRoute.one.replace(':id', sheet.id);
    expect((await api(hall, stranger, 'GET', one)).status).toBe(404);
    expect((await api<{ guidance: GuidanceView[] }>(hall, stranger, 'GET', GuidanceRoute.list)).body.guidance).toEqual(
      [],
    );
    const byCase = await api<{ guidance: GuidanceView[] }>(
      hall,
      officer,
      'GET',
      `${GuidanceRoute.list}?caseId=${sheet.caseId}`,
    );
    expect(byCase.body.guidance.map((g) => g.id)).toContain(sheet.id);
  });

  it('the officer confirms, amends, removes and adds items; the merchant is told', async () => {
    const merchant = await visitWithToken(hall, owner);
    const one = GuidanceRoute.one.replace(':id', sheet.id);
    expect((await api(hall, owner, 'PUT', one, { items: [], added: [], notes: '' })).status).toBe(403);
    // An officer who has not served the case cannot speak for it, however the sheet was found.
    const untouched = { items: [{ id: 'purifier', decision: 'removed' }], added: [], notes: '' };
    const refused = await api<{ error: string }>(hall, officer, 'PUT', one, untouched);
    expect([refused.status, refused.body.error]).toEqual([403, 'not_yours']);
    expect((await api<GuidanceView>(hall, owner, 'GET', one)).body.confirmedBy).toBeNull();
    // Served at the renovation desk, the case is the officer's to confirm; another officer still cannot.
    await hall.db.query(`UPDATE cases SET officer_id = (SELECT id FROM staff WHERE username = 'yan') WHERE id = $1`, [
      sheet.caseId,
    ]);
    expect((await api(hall, other, 'PUT', one, untouched)).status).toBe(403);
    const r = await api<GuidanceView>(hall, officer, 'PUT', one, {
      items: [
        { id: 'hoarding-before-work', decision: 'amended', text: '围挡高度不低于 2.5 米，夜间设警示灯' },
        { id: 'kitchen-fire', decision: 'removed' },
        { id: 'purifier', decision: 'confirmed' },
      ],
      added: ['施工时间为 8:00–12:00、14:00–20:00'],
      notes: '开工前电话告知园区物业',
    });
    expect(r.status).toBe(200);
    const status = Object.fromEntries(r.body.items.map((i) => [i.id, i.status]));
    expect(status).toMatchObject({
      'hoarding-before-work': 'amended',
      'kitchen-fire': 'removed',
      purifier: 'confirmed',
      'debris-removal': 'proposed',
      'added-1': 'added',
    });
    expect(r.body.items.find((i) => i.id === 'hoarding-before-work')!.text.zh).toBe(
      '围挡高度不低于 2.5 米，夜间设警示灯',
    );
    expect(r.body.confirmedBy).toBe('严警官');
    await until(() => merchant.box.find((m) => m.type === HallNotice.guidanceConfirmed), 'merchant told');
    await merchant.room.leave(true);
  });

  it('the rules are the station’s data: an edit takes effect, a broken file keeps the last good rules', async () => {
    const file = path.join(hall.dataDir, 'guidance', 'renovation-rules.json');
    const rules = JSON.parse(fs.readFileSync(file, 'utf8')) as { emissionMax: number; items: { id: string }[] };
    rules.emissionMax = 1.5; // a stricter local rule
    fs.writeFileSync(file, JSON.stringify(rules));
    const stricter = await api<GuidanceView>(hall, owner, 'POST', GuidanceRoute.list, RESTAURANT);
    expect(stricter.body.items.find((i) => i.id === 'purifier')!.text.zh).toContain('不超过 1.5 mg/m³');

    fs.writeFileSync(file, '{ "version": 1, "items": "oops" ');
    const still = await api<GuidanceView>(hall, owner, 'POST', GuidanceRoute.list, RESTAURANT);
    expect(still.status).toBe(201);
    expect(still.body.items.find((i) => i.id === 'purifier')!.text.zh).toContain('不超过 1.5 mg/m³');
  });

  it('keeps sheets through a restart', async () => {
    await hall.close();
    hall = await bootHall({ DATA_DIR: hall.dataDir });
    const back = await api<GuidanceView>(hall, owner, 'GET', GuidanceRoute.one.replace(':id', sheet.id));
    expect(back.body.notes).toBe('开工前电话告知园区物业');
  });
});
