import { hallLayout, type HallLayout, type ServiceDef } from '../layout.ts';
import { compactLayout } from './compact.ts';

/**
 * The hall layouts a station may have, by id. A station names one (`npm run station -- layout`); its hall, its
 * queue, its movement checks and its page are all built from that one. A layout is data only: adding one is
 * adding an entry here, which the unit test of layouts then checks (desks reachable, points free, boards clear).
 */
export const LAYOUTS = {
  /** The district hall: 32 m by 22 m, four desks, every service (the hall as it has always been). */
  standard: hallLayout,
  /** A smaller park's hall: 20 m by 16 m, three desks, no renovation guidance (see compact.ts). */
  compact: compactLayout,
} as const satisfies Record<string, HallLayout>;

export type LayoutId = keyof typeof LAYOUTS;

/** The layout of a station that names none (every station made before layouts existed). */
export const DEFAULT_LAYOUT: LayoutId = 'standard';

/** Every layout id, in the order the command line lists them. */
export const LAYOUT_IDS = Object.keys(LAYOUTS) as [LayoutId, ...LayoutId[]];

/** Whether a value names a layout. Own keys only: `toString` or `__proto__` is no layout. */
export function isLayoutId(value: unknown): value is LayoutId {
  return typeof value === 'string' && Object.hasOwn(LAYOUTS, value);
}

/** The layout with this id; an unknown id is refused (thrown), never quietly replaced by another hall. */
export function layoutFor(id: string): HallLayout {
  if (!isLayoutId(id))
    throw new Error(`Unknown hall layout "${String(id).slice(0, 40)}": one of ${LAYOUT_IDS.join(', ')}.`);
  return LAYOUTS[id];
}

/**
 * Every service any layout offers, once each (where layouts share a service they give it the same prefix and
 * names, which the layout test checks): the catalogue a ticket, a case or a dashboard row may name, whatever station it comes from.
 */
export const SERVICE_CATALOGUE: readonly ServiceDef[] = [
  ...new Map(Object.values(LAYOUTS).flatMap((l) => l.services.map((s) => [s.id, s] as const))).values(),
];

/** Every desk id any layout has: what a message may name; the station's own layout decides which are there. */
export const ALL_DESK_IDS: readonly string[] = [
  ...new Set(Object.values(LAYOUTS).flatMap((l) => l.desks.map((d) => d.id))),
];
