import { describe, expect, it } from 'vitest';
import { Outcome, RATING_FIGURES_MIN } from '../../shared/queue.ts';
import {
  caseAfterTransfer,
  caseNumber,
  caseToContinue,
  ratingFigures,
  statusAfter,
  type CaseRef,
} from '../../server/domain/cases.ts';

const c = (id: string, service: string, status: CaseRef['status'], updatedAt: string): CaseRef => ({
  id,
  service,
  status,
  updatedAt,
});

describe('which case a desk visit continues', () => {
  const cases: CaseRef[] = [
    c('old-open', 'renovation', 'open', '2026-03-01T02:00:00.000Z'),
    c('newest-closed', 'renovation', 'closed', '2026-03-09T02:00:00.000Z'),
    c('new-open', 'renovation', 'open', '2026-03-05T02:00:00.000Z'),
    c('other-service', 'signboard', 'open', '2026-03-10T02:00:00.000Z'),
  ];

  it('prefers the case the ticket already carries', () => {
    expect(caseToContinue({ caseId: 'carried', service: 'renovation' }, cases)).toBe('carried');
    // Even when the merchant has no other case at all.
    expect(caseToContinue({ caseId: 'carried', service: 'renovation' }, [])).toBe('carried');
  });

  it('otherwise takes the newest open case of the same service', () => {
    expect(caseToContinue({ caseId: null, service: 'renovation' }, cases)).toBe('new-open');
    // The order the cases come in does not matter.
    expect(caseToContinue({ caseId: null, service: 'renovation' }, [...cases].reverse())).toBe('new-open');
    expect(caseToContinue({ caseId: null, service: 'signboard' }, cases)).toBe('other-service');
  });

  it('ignores closed cases and other services', () => {
    expect(
      caseToContinue({ caseId: null, service: 'renovation' }, [
        c('closed', 'renovation', 'closed', '2026-03-09T02:00:00.000Z'),
        c('other', 'signboard', 'open', '2026-03-09T02:00:00.000Z'),
      ]),
    ).toBeNull();
    expect(caseToContinue({ caseId: null, service: 'concerns' }, cases)).toBeNull();
    expect(caseToContinue({ caseId: null, service: 'renovation' }, [])).toBeNull();
  });

  it('does not reorder the list it is given', () => {
    const copy = [...cases];
    caseToContinue({ caseId: null, service: 'renovation' }, copy);
    expect(copy).toEqual(cases);
  });
});

describe('case status after a visit', () => {
  it('resolved and referred close the case; the others keep it open', () => {
    expect(statusAfter(Outcome.resolved)).toBe('closed');
    expect(statusAfter(Outcome.referred)).toBe('closed');
    expect(statusAfter(Outcome.followUpVisit)).toBe('open');
    expect(statusAfter(Outcome.awaitingDocuments)).toBe('open');
  });
});

describe('case numbers', () => {
  it('read BJ-YYYYMMDD-NNNN', () => {
    expect(caseNumber('2026-11-24', 7)).toBe('BJ-20261124-0007');
    expect(caseNumber('2026-03-01', 1)).toBe('BJ-20260301-0001');
    expect(caseNumber('2026-03-01', 1234)).toBe('BJ-20260301-1234');
    expect(caseNumber('2026-03-01', 12345)).toBe('BJ-20260301-12345');
  });
});

describe('a case when its ticket is transferred', () => {
  it('a case already begun follows the ticket, labelled with the new service', () => {
    expect(caseAfterTransfer({ caseId: 'begun' }, 'signboard')).toEqual({ id: 'begun', service: 'signboard' });
  });

  it('a ticket only called has no case to move; the next desk opens or continues one as usual', () => {
    expect(caseAfterTransfer({ caseId: null }, 'signboard')).toBeNull();
  });

  it('at the next desk the moved case is continued, not the merchant’s other open case of that service', () => {
    const cases: CaseRef[] = [
      c('begun', 'renovation', 'open', '2026-03-10T02:00:00.000Z'),
      c('older-sign', 'signboard', 'open', '2026-03-01T02:00:00.000Z'),
    ];
    const moved = caseAfterTransfer({ caseId: 'begun' }, 'signboard')!;
    const after = cases.map((x) => (x.id === moved.id ? { ...x, service: moved.service } : x));
    expect(caseToContinue({ caseId: 'begun', service: 'signboard' }, after)).toBe('begun');
    expect(after.find((x) => x.id === 'begun')!.service).toBe('signboard');
  });
});

describe('what an officer sees of their ratings', () => {
  it(`nothing below ${RATING_FIGURES_MIN} ratings: one rating shows no figure at all`, () => {
    expect(RATING_FIGURES_MIN).toBe(5);
    expect(ratingFigures([])).toBeNull();
    expect(ratingFigures([5])).toBeNull();
    expect(ratingFigures([1, 2, 3, 4])).toBeNull();
  });

  it('figures over whole groups only, oldest first, so one more rating changes nothing', () => {
    const five = ratingFigures([5, 5, 4, 3, 1]);
    expect(five).toEqual({ count: 5, average: 3.6, levels: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 2 } });
    // A sixth to ninth rating, whatever its level, leaves the figures as they were.
    for (const extra of [[1], [5], [1, 1, 1, 1], [5, 2, 3, 4]]) {
      expect(ratingFigures([5, 5, 4, 3, 1, ...extra])).toEqual(five);
    }
    // The tenth brings in the next group of five at once.
    expect(ratingFigures([5, 5, 4, 3, 1, 2, 2, 2, 2, 2])).toEqual({
      count: 10,
      average: 2.8,
      levels: { 1: 1, 2: 5, 3: 1, 4: 1, 5: 2 },
    });
  });

  it('the group size is a parameter', () => {
    expect(ratingFigures([4, 4, 5], 3)).toEqual({ count: 3, average: 4.33, levels: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 } });
    expect(ratingFigures([4, 4], 3)).toBeNull();
  });
});
