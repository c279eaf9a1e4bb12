import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseFileRoute, type CaseFilePage } from '../../shared/caseFile.ts';
import { DashboardRoute, type DashboardToday } from '../../shared/dashboard.ts';
import { FilingsRoute, type FilingView } from '../../shared/filing.ts';
import { FilingItemsRoute } from '../../shared/filingItems.ts';
import { GuidanceRoute, type GuidanceView } from '../../shared/guidance.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { CasesRoute, type DeskChatNotice, type MyCasesAnswer } from '../../shared/queue.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { twoStations } from '../support/twoStations.ts';
import { until, type Visitor } from './helpers.ts';

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station filing tests skip ${s.name}: ${s.reason}`);

/** A real PNG in one shade: a different shade is a different image. */
function png(shade: number): Buffer {
  const img = new PNG({ width: 8, height: 8 });
  img.data.fill(shade);
  return PNG.sync.write(img);
}

const FORM = {
  shopName: '周记茶饮',
  address: '文三路 88 号',
  signText: '周记茶饮',
  width: 3.2,
  height: 0.8,
  material: 'acrylic',
  mounting: 'flat',
  lighting: 'internal',
  lightSource: 'led',
  tenure: 'lease',
  tenureDoc: '租赁合同 2026-031',
  commitment: true,
};

const RESTAURANT = { restaurant: true, facadeWork: false, kitchenWork: true, streetSide: true, cookingHeads: 2 };

describe.each(available.map((d) => hallTarget(d.name, 'hall-station-filings')))(
  'filings, cases and guidance per station on $name',
  (target) => {
    const two = twoStations(target);
    const { enter } = two;
    /** The merchant in the default station's hall, from the review on. */
    let merchantInMain: Visitor;
    let mainFiling: FilingView;
    let xihuFiling: FilingView;
    const images = { main: { design: '', photo: '' }, xihu: { design: '', photo: '' } };

    /** `two.call`, where an answer that is not JSON (an image) has no body. */
    async function call<T>(token: string, method: string, route: string, station?: string, body?: unknown) {
      const res = await two.request(token, method, route, station, body);
      const text = await res.text();
      return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : null) as T };
    }

    async function upload(token: string, bytes: Buffer): Promise<string> {
      const res = await fetch(new URL(FilingsRoute.uploads, two.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
        body: new Uint8Array(bytes),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    }

    const image = async (token: string, id: string, station?: string) =>
      (await call(token, 'GET', FilingsRoute.upload.replace(':id', id), station)).status;

    const filingNews = (v: Visitor) =>
      v.box.filter((m) => m.type === HallNotice.filingChanged).map((m) => (m.message as { id: string }).id);

    beforeAll(async () => {
      images.main = { design: await upload(two.merchant, png(10)), photo: await upload(two.merchant, png(20)) };
      images.xihu = { design: await upload(two.merchant, png(30)), photo: await upload(two.merchant, png(40)) };
    });

    it('files a sign at the station whose page it is sent from, each under that station’s signboard case', async () => {
      const form = (i: { design: string; photo: string }) => ({ ...FORM, designImage: i.design, streetPhoto: i.photo });
      // No header: the default station, as a one-station deployment has always worked.
      const main = await call<FilingView>(two.merchant, 'POST', FilingsRoute.filings, undefined, form(images.main));
      const xihu = await call<FilingView>(two.merchant, 'POST', FilingsRoute.filings, 'xihu', form(images.xihu));
      expect([main.status, xihu.status]).toEqual([201, 201]);
      mainFiling = main.body;
      xihuFiling = xihu.body;
      // An open signboard case at one station is not continued from another's page.
      expect(xihuFiling.caseId).not.toBe(mainFiling.caseId);

      const list = async (token: string, station?: string) =>
        (await call<{ filings: FilingView[] }>(token, 'GET', FilingsRoute.filings, station)).body.filings.map(
          (f) => f.id,
        );
      // The merchant's own list is the page's station's; so is each station's review list.
      expect(await list(two.merchant)).toEqual([mainFiling.id]);
      expect(await list(two.merchant, 'xihu')).toEqual([xihuFiling.id]);
      expect(await list(two.mainOfficer)).toEqual([mainFiling.id]);
      expect(await list(two.xihuOfficer, 'xihu')).toEqual([xihuFiling.id]);
      // Nor is the other station's filing found by id, by its staff or from its page.
      const one = (id: string) => FilingsRoute.filing.replace(':id', id);
      expect((await call(two.xihuOfficer, 'GET', one(mainFiling.id), 'xihu')).status).toBe(404);
      expect((await call(two.mainOfficer, 'GET', one(xihuFiling.id))).status).toBe(404);
      expect((await call(two.merchant, 'GET', one(mainFiling.id), 'xihu')).status).toBe(404);
      expect((await call(two.merchant, 'GET', one(mainFiling.id))).status).toBe(200);
      // An officer of one station asking for the other's list is refused outright.
      expect((await call(two.mainOfficer, 'GET', FilingsRoute.filings, 'xihu')).status).toBe(403);
      // Each station's dashboard counts its own filings waiting for review.
      const waiting = async (token: string, station?: string) =>
        (await call<DashboardToday>(token, 'GET', DashboardRoute.today, station)).body.filingsAwaitingReview;
      expect([await waiting(two.mainOfficer), await waiting(two.xihuOfficer, 'xihu')]).toEqual([1, 1]);
      // Ids that are not ids are not found, never a crash.
      for (const bad of ['__proto__', 'toString', 'x'.repeat(5000), '%00']) {
        expect((await call(two.xihuOfficer, 'GET', one(bad), 'xihu')).status).toBe(404);
        expect((await call(two.merchant, 'GET', CasesRoute.one.replace(':id', bad), 'xihu')).status).toBe(404);
        expect((await call(two.merchant, 'GET', GuidanceRoute.one.replace(':id', bad), 'xihu')).status).toBe(404);
        expect(await image(two.xihuOfficer, bad, 'xihu')).toBe(404);
      }
      const byNul = await call<{ error: string }>(two.xihuOfficer, 'GET', `${GuidanceRoute.list}?caseId=%00`, 'xihu');
      expect([byNul.status, byNul.body.error]).toEqual([400, 'invalid_input']);
      const nested = await call<{ error: string }>(
        two.xihuOfficer,
        'GET',
        `${GuidanceRoute.list}?caseId[toString]=1`,
        'xihu',
      );
      expect([nested.status, nested.body.error]).toEqual([400, 'invalid_input']);
    });

    it('shows a filing’s images to its own station’s staff only, and always to the merchant who sent them', async () => {
      expect(await image(two.mainOfficer, images.main.design)).toBe(200);
      expect(await image(two.mainOfficer, images.main.photo)).toBe(200);
      expect(await image(two.xihuOfficer, images.main.design, 'xihu')).toBe(404);
      expect(await image(two.xihuOfficer, images.main.photo, 'xihu')).toBe(404);
      expect(await image(two.xihuOfficer, images.xihu.design, 'xihu')).toBe(200);
      expect(await image(two.mainOfficer, images.xihu.design)).toBe(404);
      // One identity across stations: the merchant's images are theirs on any station's page; never a stranger's.
      expect(await image(two.merchant, images.main.design, 'xihu')).toBe(200);
      expect(await image(two.neighbour, images.main.design)).toBe(404);
      expect(await image(two.neighbour, images.xihu.design, 'xihu')).toBe(404);
    });

    it('lets only the filing’s station review it, and tells that station’s hall only', async () => {
      const inMain = await enter(two.merchant);
      merchantInMain = inMain;
      const inXihu = await enter(two.merchant, 'xihu');
      const officerInXihu = await enter(two.xihuOfficer, 'xihu');
      const review = (token: string, id: string, station: string | undefined, step: unknown) =>
        call<FilingView>(token, 'POST', FilingsRoute.review.replace(':id', id), station, step);

      // Xihu's officer cannot move main's filing: not found, and it stays as it was.
      const foreign = await review(two.xihuOfficer, mainFiling.id, 'xihu', { action: 'startReview' });
      expect([foreign.status, (foreign.body as unknown as { error: string }).error]).toEqual([404, 'not_found']);
      const still = await call<FilingView>(two.mainOfficer, 'GET', FilingsRoute.filing.replace(':id', mainFiling.id));
      expect(still.body.state).toBe('submitted');

      expect((await review(two.mainOfficer, mainFiling.id, undefined, { action: 'startReview' })).status).toBe(200);
      await until(() => filingNews(inMain).includes(mainFiling.id), 'main’s hall hears of main’s filing');
      expect((await review(two.xihuOfficer, xihuFiling.id, 'xihu', { action: 'startReview' })).status).toBe(200);
      await until(() => filingNews(inXihu).includes(xihuFiling.id), 'xihu’s hall hears of xihu’s filing');
      // By then main's news would have reached xihu's hall too, had it gone there.
      expect(filingNews(inXihu)).toEqual([xihuFiling.id]);
      expect(filingNews(officerInXihu)).toEqual([xihuFiling.id]);
      expect(filingNews(inMain)).toEqual([mainFiling.id]);

      // The audit names the station the step was taken in.
      const [audit] = await two.hall.db.query<{ detail: { station?: string } }>(
        `SELECT detail FROM audit_log WHERE action = 'filing.startReview' AND target_id = $1`,
        [xihuFiling.id],
      );
      expect(audit?.detail.station).toBe('xihu');
    });

    it('keeps items to follow to the filing’s station and its page', async () => {
      const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const accepted = await call<FilingView>(
        two.mainOfficer,
        'POST',
        FilingsRoute.review.replace(':id', mainFiling.id),
        undefined,
        { action: 'acceptWithItems', items: ['消防验收意见书'], deadline: due },
      );
      expect(accepted.status).toBe(200);
      const item = accepted.body.followUp[0]!.id;
      const at = (route: string) => route.replace(':id', mainFiling.id).replace(':item', item);
      const answer = { kind: 'text', text: '已提交' };
      expect((await call(two.merchant, 'POST', at(FilingItemsRoute.handIn), 'xihu', answer)).status).toBe(404);
      expect((await call(two.merchant, 'POST', at(FilingItemsRoute.handIn), undefined, answer)).status).toBe(200);
      const verdict = { action: 'accept' };
      expect((await call(two.xihuOfficer, 'POST', at(FilingItemsRoute.answer), 'xihu', verdict)).status).toBe(404);
      const owed = await call<FilingView>(two.mainOfficer, 'GET', FilingsRoute.filing.replace(':id', mainFiling.id));
      expect(owed.body.followUp[0]!.state).toBe('handedIn');
    });

    it('keeps renovation sheets to the station they were asked at', async () => {
      const asked = await call<GuidanceView>(two.merchant, 'POST', GuidanceRoute.list, 'xihu', RESTAURANT);
      expect(asked.status).toBe(201);
      const sheet = asked.body;
      const home = await call<GuidanceView>(two.merchant, 'POST', GuidanceRoute.list, undefined, RESTAURANT);
      expect(home.body.caseId).not.toBe(sheet.caseId);
      const mine = async (station?: string) =>
        (await call<{ guidance: GuidanceView[] }>(two.merchant, 'GET', GuidanceRoute.list, station)).body.guidance.map(
          (g) => g.id,
        );
      expect(await mine('xihu')).toEqual([sheet.id]);
      expect(await mine()).toEqual([home.body.id]);
      const one = GuidanceRoute.one.replace(':id', sheet.id);
      expect((await call(two.merchant, 'GET', one)).status).toBe(404);
      expect((await call(two.merchant, 'GET', one, 'xihu')).status).toBe(200);
      expect((await call(two.xihuOfficer, 'GET', one, 'xihu')).status).toBe(200);
      expect((await call(two.mainOfficer, 'GET', one)).status).toBe(404);
      const byCase = async (token: string, station?: string) =>
        (
          await call<{ guidance: GuidanceView[] }>(
            token,
            'GET',
            `${GuidanceRoute.list}?caseId=${sheet.caseId}`,
            station,
          )
        ).body.guidance.map((g) => g.id);
      expect(await byCase(two.xihuOfficer, 'xihu')).toEqual([sheet.id]);
      expect(await byCase(two.mainOfficer)).toEqual([]);
      // Main's officer cannot confirm xihu's sheet: it is not found from main, and stays unconfirmed.
      const confirm = { items: [{ id: 'purifier', decision: 'removed' }], added: [], notes: '' };
      const refused = await call<{ error: string }>(two.mainOfficer, 'PUT', one, undefined, confirm);
      expect([refused.status, refused.body.error]).toEqual([404, 'not_found']);
      expect((await call<GuidanceView>(two.merchant, 'GET', one, 'xihu')).body.confirmedBy).toBeNull();
    });

    it('continues a returning merchant’s case at its own station only, leaving the other station’s as it was', async () => {
      // The merchant's open renovation case at main (from the sheet asked there), as it stands.
      const mainCases = await call<MyCasesAnswer>(two.merchant, 'GET', CasesRoute.mine);
      const mainCase = mainCases.body.cases.find((c) => c.service === 'renovation')!;
      expect(mainCase.status).toBe('open');
      const before = await two.hall.db.query('SELECT * FROM cases WHERE id = $1', [mainCase.id]);

      const officer = await enter(two.xihuOfficer, 'xihu');
      const visitor = await enter(two.merchant, 'xihu');
      officer.room.send('openDesk', { deskId: 'desk-2', services: ['renovation'] });
      await until(() => visitor.room.state.desks.get('desk-2')?.open, 'desk 2 open in xihu');
      visitor.room.send('takeTicket', { service: 'renovation', description: '后厨排烟改造' });
      await until(() => visitor.room.state.lines.get('renovation')?.waiting === 1, 'waiting in xihu');
      officer.room.send('callNext');
      await until(
        () => officer.box.some((m) => m.type === HallNotice.deskView && (m.message as { current?: unknown }).current),
        'called',
      );
      officer.room.send('startService');
      const talk = await until(
        () =>
          visitor.box.find((m) => m.type === HallNotice.deskChat && (m.message as DeskChatNotice).reset)?.message as
            DeskChatNotice | undefined,
        'served in xihu',
      );
      // Xihu's own renovation case (opened with the sheet asked there) is the one continued, never main's.
      const xihuSheets = await call<{ guidance: GuidanceView[] }>(two.merchant, 'GET', GuidanceRoute.list, 'xihu');
      expect(talk.caseId).toBe(xihuSheets.body.guidance[0]!.caseId);
      expect(talk.caseId).not.toBe(mainCase.id);
      expect(await two.hall.db.query('SELECT * FROM cases WHERE id = $1', [mainCase.id])).toEqual(before);

      // "My cases" on each station's page lists that station's cases only.
      const ids = async (station?: string) =>
        (await call<MyCasesAnswer>(two.merchant, 'GET', CasesRoute.mine, station)).body.cases.map((c) => c.id);
      expect(await ids('xihu')).toContain(talk.caseId);
      expect(await ids('xihu')).not.toContain(mainCase.id);
      expect(await ids()).not.toContain(talk.caseId);
      expect((await call(two.merchant, 'GET', CasesRoute.one.replace(':id', mainCase.id), 'xihu')).status).toBe(404);
      expect((await call(two.merchant, 'GET', CasesRoute.one.replace(':id', mainCase.id))).status).toBe(200);

      // The desk's case list and the merchant's file at xihu hold xihu's cases, not main's.
      const atDesk = await call<{ cases: { id: string }[] }>(two.xihuOfficer, 'GET', CasesRoute.allAtDesk, 'xihu');
      expect(atDesk.body.cases.map((c) => c.id)).toContain(talk.caseId);
      expect(atDesk.body.cases.map((c) => c.id)).not.toContain(mainCase.id);
      const merchantId = (
        await two.hall.db.query<{ merchant_id: string }>('SELECT merchant_id FROM cases WHERE id = $1', [mainCase.id])
      )[0]!.merchant_id;
      const file = await call<CaseFilePage>(
        two.xihuOfficer,
        'GET',
        CaseFileRoute.merchant.replace(':merchantId', merchantId),
        'xihu',
      );
      expect(file.status).toBe(200);
      const fileCases = new Set(file.body.items.flatMap((i) => ('case' in i ? [i.case.id] : [])));
      expect(fileCases.has(talk.caseId)).toBe(true);
      expect(fileCases.has(mainCase.id)).toBe(false);
      const filed = file.body.items.flatMap((i) => (i.kind === 'filing' ? [i.filingId] : []));
      expect(filed).toEqual([xihuFiling.id]);

      // Serving the case, xihu's officer confirms its sheet: the merchant hears of it in xihu's hall only.
      const sheet = xihuSheets.body.guidance[0]!;
      const confirmed = await call<GuidanceView>(
        two.xihuOfficer,
        'PUT',
        GuidanceRoute.one.replace(':id', sheet.id),
        'xihu',
        { items: [{ id: 'purifier', decision: 'confirmed' }], added: [], notes: '' },
      );
      expect([confirmed.status, confirmed.body.confirmedBy]).toEqual([200, '赵警官']);
      const told = (v: Visitor) =>
        v.box.filter((m) => m.type === HallNotice.guidanceConfirmed).map((m) => (m.message as { id: string }).id);
      await until(() => told(visitor).includes(sheet.id), 'xihu’s hall hears of the confirmed sheet');
      expect(told(merchantInMain)).toEqual([]);
      const [audit] = await two.hall.db.query<{ detail: { station?: string } }>(
        `SELECT detail FROM audit_log WHERE action = 'guidance.confirm' AND target_id = $1`,
        [sheet.id],
      );
      expect(audit?.detail.station).toBe('xihu');
    });
  },
);
