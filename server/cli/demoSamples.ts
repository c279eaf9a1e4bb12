import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { guidanceAnswersSchema } from '../../shared/guidance.ts';
import { scheduleMeetingSchema } from '../../shared/meetings.ts';
import { publishSlotSchema } from '../../shared/visits.ts';
import type { Config } from '../config.ts';
import { stationDay } from '../../shared/dates.ts';
import { FilingService } from '../filings/service.ts';
import { GuidanceService } from '../guidance/service.ts';
import { RulesFile } from '../guidance/rulesFile.ts';
import { MeetingService } from '../meetings/service.ts';
import type { Db } from '../store/db.ts';
import { VisitService } from '../visits/service.ts';
import { boxesPng } from './samplePng.ts';

/** The demo station's people the sample data is about, by their ids. */
export interface DemoPeople {
  officers: readonly [string, string];
  parkManagers: readonly [string, string];
  /** The restaurant renovating its kitchen, the hardware shop filing its sign. */
  restaurant: string;
  hardware: string;
}

/** What a service answered, or a stop with its reason: sample data that does not pass the rules is a bug. */
function must<T>(what: string, r: { ok: true; value: T } | { ok: false; error: string; fields?: unknown }): T {
  if (r.ok) return r.value;
  throw new Error(`demo sample ${what} refused: ${r.error}${r.fields ? ` ${JSON.stringify(r.fields)}` : ''}`);
}

/** The station's calendar day `days` after today. */
function dayAhead(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Sample data for the features the hall has, made through the same services the hall uses, so it passes
 * the same rules: officers' visit windows for the next days, a signboard filing under review, a renovation
 * guidance sheet, and a three-party session a park manager hosts.
 */
export async function seedDemoSamples(db: Db, config: Config, people: DemoPeople, now = Date.now()): Promise<void> {
  const today = stationDay(now, config.timeZone);
  const [li, zhang] = people.officers;
  const [zhou, wu] = people.parkManagers;

  const visits = new VisitService(db, config.timeZone);
  const windows: [string, number, string, string][] = [
    [li, 1, '09:00', '10:00'],
    [li, 1, '14:00', '15:30'],
    [zhang, 2, '10:00', '11:00'],
    [zhang, 3, '09:30', '11:00'],
  ];
  for (const [officer, days, from, to] of windows) {
    const input = publishSlotSchema.parse({ date: dayAhead(today, days), from, to });
    must('visit window', await visits.publish(officer, input, now));
  }

  // The hardware shop files its new sign; an officer has begun to review it.
  const filings = new FilingService(db, config.timeZone, visits);
  const design = boxesPng(
    160,
    48,
    [250, 246, 238],
    [
      { x: 8, y: 8, w: 144, h: 32, colour: [150, 24, 28] },
      { x: 20, y: 18, w: 120, h: 12, colour: [246, 214, 120] },
    ],
  );
  const photo = boxesPng(
    160,
    120,
    [196, 204, 212],
    [
      { x: 0, y: 86, w: 160, h: 34, colour: [120, 120, 116] },
      { x: 30, y: 30, w: 100, h: 56, colour: [226, 220, 206] },
      { x: 38, y: 36, w: 84, h: 14, colour: [150, 24, 28] },
    ],
  );
  const designImage = must('sign drawing', await filings.upload(people.hardware, design, now)).id;
  const streetPhoto = must('street photo', await filings.upload(people.hardware, photo, now)).id;
  const form = {
    shopName: '李记五金',
    address: '科教园区东区商业街 12 号',
    signText: '李记五金 · 水电建材',
    width: 4.5,
    height: 0.8,
    material: 'aluminiumComposite',
    mounting: 'flat',
    lighting: 'external',
    lightSource: 'led',
    designImage,
    streetPhoto,
    tenure: 'lease',
    tenureDoc: '房屋租赁合同（2025 年续签）',
    commitment: true,
  };
  const filing = must('signboard filing', await filings.submit(DEFAULT_STATION_SLUG, people.hardware, form));
  must('filing review', await filings.review(DEFAULT_STATION_SLUG, zhang, filing.id, { action: 'startReview' }, now));

  // The noodle shop is about to redo its kitchen: the checklist of everything it needs, all at once.
  const guidance = new GuidanceService(db, new RulesFile(config.dataDir), config.timeZone);
  await guidance.create(
    DEFAULT_STATION_SLUG,
    people.restaurant,
    guidanceAnswersSchema.parse({
      restaurant: true,
      facadeWork: false,
      kitchenWork: true,
      streetSide: true,
      cookingHeads: 2,
    }),
  );

  // A park manager brings the officers, the property side and two shops together the day after tomorrow.
  const meetings = new MeetingService(db, config.timeZone, config.meetingOpenMinutes);
  const session = scheduleMeetingSchema.parse({
    title: '东区商业街门头招牌整治三方会谈',
    date: dayAhead(today, 2),
    time: '15:00',
    minutes: 60,
    agenda: ['招牌备案进度与常见问题', '装修施工围挡与占道', '下一步分工与时间表'],
    invitees: [
      { id: li, party: 'officer' },
      { id: wu, party: 'property' },
      { id: people.restaurant, party: 'merchant' },
      { id: people.hardware, party: 'merchant' },
    ],
  });
  must('three-party session', await meetings.schedule(zhou, session, now));
}
