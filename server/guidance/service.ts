import { randomUUID } from 'node:crypto';
import {
  GuidanceError,
  type ConfirmGuidanceInput,
  type GuidanceAnswers,
  type GuidanceItem,
} from '../../shared/guidance.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { buildChecklist } from './rules.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { caseForService } from '../cases/openCase.ts';
import { Channel, type NewsRelay } from '../events.ts';
import type { Db } from '../store/db.ts';
import {
  confirmGuidance,
  createGuidance,
  getGuidance,
  guidanceOfCase,
  guidanceOfMerchant,
  officerServedCase,
  type GuidanceRecord,
} from './store.ts';
import type { RulesFile } from './rulesFile.ts';

/**
 * Renovation guidance: the checklist built from the station's rules and the merchant's answers, kept with
 * the merchant's renovation case, then confirmed or amended item by item by the officer serving it.
 */
export class GuidanceService {
  private confirmed = new Channel<GuidanceRecord>();
  private db: Db;
  private rules: RulesFile;
  private timeZone: string;

  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.confirmed.share(relay, 'guidance');
  }

  constructor(db: Db, rules: RulesFile, timeZone: string) {
    this.db = db;
    this.rules = rules;
    this.timeZone = timeZone;
  }

  onConfirmed(fn: (g: GuidanceRecord) => void): () => void {
    return this.confirmed.on(fn);
  }

  /** A merchant's sheet at the station whose page they are on, kept with their renovation case there. */
  async create(station: string, merchantId: string, answers: GuidanceAnswers): Promise<GuidanceRecord> {
    const items = buildChecklist(this.rules.current(), answers);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const caseId = await caseForService(tx, {
        merchantId,
        service: 'renovation',
        // A case's description is the merchant's own words. This one's matter is its guidance sheet, whose
        // answers the page words in the reader's language; the server writes no words of its own here.
        description: '',
        officerId: null,
        deskId: null,
        timeZone: this.timeZone,
        station,
      });
      await createGuidance(tx, { id, merchantId, caseId, answers, items, station });
    });
    return (await getGuidance(this.db, station, id))!;
  }

  mine(station: string, merchantId: string): Promise<GuidanceRecord[]> {
    return guidanceOfMerchant(this.db, merchantId, station);
  }

  ofCase(station: string, caseId: string): Promise<GuidanceRecord[]> {
    return guidanceOfCase(this.db, caseId, station);
  }

  async one(station: string, id: string, viewer: { merchantId: string } | 'staff'): Promise<GuidanceRecord | null> {
    const g = await getGuidance(this.db, station, id);
    return g && (viewer === 'staff' || g.merchantId === viewer.merchantId) ? g : null;
  }

  /**
   * The officer's decisions, item by item; items not decided on stay as proposed. Only the officer serving the
   * case, or one who has served it, speaks for the station on it.
   */
  async confirm(
    station: string,
    officerId: string,
    id: string,
    input: ConfirmGuidanceInput,
  ): Promise<Result<GuidanceRecord, typeof GuidanceError.notFound | typeof GuidanceError.notYours>> {
    const g = await getGuidance(this.db, station, id);
    if (!g) return refused(GuidanceError.notFound);
    if (!(await officerServedCase(this.db, g.caseId, officerId, station))) return refused(GuidanceError.notYours);
    const decisions = new Map(input.items.map((d) => [d.id, d]));
    const items: GuidanceItem[] = g.items
      .filter((item) => item.status !== 'added')
      .map((item) => {
        const d = decisions.get(item.id);
        if (!d) return item;
        if (d.decision === 'amended' && d.text) return { ...item, status: 'amended', text: { zh: d.text, en: d.text } };
        return { ...item, status: d.decision === 'amended' ? 'confirmed' : d.decision };
      });
    input.added.forEach((text, i) =>
      items.push({ id: `added-${i + 1}`, topic: 'added', status: 'added', text: { zh: text, en: text } }),
    );
    await confirmGuidance(this.db, id, { items, notes: input.notes.trim(), officerId });
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: officerId,
      action: 'guidance.confirm',
      targetKind: 'guidance',
      targetId: id,
      detail: { station },
    });
    const done = (await getGuidance(this.db, station, id))!;
    this.confirmed.emit(done);
    return ok(done);
  }
}
