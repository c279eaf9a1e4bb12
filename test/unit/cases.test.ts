import { describe, expect, it } from 'vitest';
import { Outcome } from '../../shared/queue.ts';
import { caseNumber, caseToContinue, statusAfter, type CaseRef } from '../../server/domain/cases.ts';

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
