import { describe, expect, it } from 'vitest';
import {
  joinProblem,
  leaveProblem,
  mayActIn,
  STATION_ADDRESS_MAX,
  STATION_NAME_MAX,
  stationAsked,
  stationProblem,
} from '../../server/stations/rules.ts';
import { DEFAULT_STATION_SLUG, StationRefusal } from '../../shared/stations.ts';

describe('which station a request names', () => {
  it('is the header, else the query parameter, else the default', () => {
    expect(stationAsked('xihu', 'gongshu')).toEqual({ ok: true, value: 'xihu' });
    expect(stationAsked(undefined, 'gongshu')).toEqual({ ok: true, value: 'gongshu' });
    expect(stationAsked(['binjiang', 'xihu'], undefined)).toEqual({ ok: true, value: 'binjiang' });
    expect(stationAsked(undefined, undefined)).toEqual({ ok: true, value: DEFAULT_STATION_SLUG });
    expect(stationAsked('', '')).toEqual({ ok: true, value: DEFAULT_STATION_SLUG });
  });

  it('is unknown when what is named cannot be a slug', () => {
    for (const bad of ['Xihu', '-xihu', 'xihu-', 'a'.repeat(33), '../main', 'main ', 42, { slug: 'main' }])
      expect(stationAsked(bad, undefined)).toEqual({ ok: false, error: StationRefusal.unknown });
    expect(stationAsked(undefined, 'a b')).toEqual({ ok: false, error: StationRefusal.unknown });
  });
});

describe('a station’s fields', () => {
  it('takes a slug, a name and an address within their limits', () => {
    expect(stationProblem({ slug: 'xihu-wensan', name: '西湖区文三路执法服务站', address: '文三路 1 号' })).toBeNull();
    expect(stationProblem({ name: 'x'.repeat(STATION_NAME_MAX) })).toBeNull();
    expect(stationProblem({ address: '' })).toBeNull();
  });

  it('says what is wrong', () => {
    expect(stationProblem({ slug: 'Xihu' })).toMatch(/--slug/);
    expect(stationProblem({ name: '  ' })).toMatch(/--name/);
    expect(stationProblem({ name: 'x'.repeat(STATION_NAME_MAX + 1) })).toMatch(/--name/);
    expect(stationProblem({ address: 'x'.repeat(STATION_ADDRESS_MAX + 1) })).toMatch(/--address/);
  });
});

describe('who acts in which station', () => {
  it('lets a merchant act anywhere and staff where they belong', () => {
    expect(mayActIn({ kind: 'merchant' }, 'xihu').ok).toBe(true);
    expect(mayActIn({ kind: 'staff', stations: ['main', 'xihu'] }, 'xihu').ok).toBe(true);
    expect(mayActIn({ kind: 'staff', stations: ['main'] }, 'xihu')).toEqual({
      ok: false,
      error: StationRefusal.notMember,
    });
  });

  it('lets an administrator belong to several stations, an officer or park manager to one', () => {
    expect(joinProblem('admin', ['main'], 'xihu')).toBeNull();
    expect(joinProblem('officer', ['main'], 'xihu')).toMatch(/only an administrator/);
    expect(joinProblem('parkManager', ['main'], 'xihu')).toMatch(/only an administrator/);
    expect(joinProblem('officer', [], 'xihu')).toBeNull();
    expect(joinProblem('admin', ['main', 'xihu'], 'xihu')).toMatch(/already/);
  });

  it('never lets an account leave its last station', () => {
    expect(leaveProblem(['main', 'xihu'], 'xihu')).toBeNull();
    expect(leaveProblem(['main'], 'main')).toMatch(/one station at least/);
    expect(leaveProblem(['main'], 'xihu')).toMatch(/does not belong/);
  });
});
