import { describe, expect, it } from 'vitest';
import { slugInPath } from '../../client/net/stationSlug.ts';
import { stationFor } from '../../client/net/stations.ts';
import { loadConfig } from '../../server/config.ts';
import { stationAsKnown, type Station } from '../../shared/stations.ts';

const MAIN: Station = { slug: 'main', name: '城管执法服务站', address: '' };
const WENSAN: Station = { slug: 'wensan', name: '西湖区文三路执法服务站', address: '文三路 1 号' };

describe('the station a page is for', () => {
  it('reads the slug from a station’s link, and nothing from another address', () => {
    expect(slugInPath('/s/wensan')).toBe('wensan');
    expect(slugInPath('/s/wensan/')).toBe('wensan');
    expect(slugInPath('/s/%E4%B8%AD')).toBe('中');
    expect(slugInPath('/s/')).toBe('');
    expect(slugInPath('/')).toBeNull();
    expect(slugInPath('/s/wensan/more')).toBeNull();
    expect(slugInPath('/api/stations')).toBeNull();
  });

  it('without a link: the default station, unless the deployment has several, which are then listed', () => {
    expect(stationFor(null, [MAIN])).toEqual({ phase: 'ready', station: MAIN });
    expect(stationFor(null, [MAIN, WENSAN])).toEqual({ phase: 'choose', station: null });
  });

  it('with a link: its station, or unknown when the deployment has none by that slug', () => {
    expect(stationFor('wensan', [MAIN, WENSAN])).toEqual({ phase: 'ready', station: WENSAN });
    expect(stationFor('main', [MAIN, WENSAN])).toEqual({ phase: 'ready', station: MAIN });
    expect(stationFor('nowhere', [MAIN, WENSAN])).toEqual({ phase: 'unknown', station: null });
    expect(stationFor('中', [MAIN])).toEqual({ phase: 'unknown', station: null });
  });

  it('when the hall does not answer: the link’s station (or the default) by slug alone, never a bad slug', () => {
    expect(stationFor('wensan', null)).toEqual({ phase: 'ready', station: { slug: 'wensan', name: '', address: '' } });
    expect(stationFor(null, null)).toEqual({ phase: 'ready', station: { slug: 'main', name: '', address: '' } });
    expect(stationFor('Bad Slug', null)).toEqual({ phase: 'unknown', station: null });
  });
});

describe('PUBLIC_URL', () => {
  it('keeps an http(s) address without its last slash, and stops the start on anything else', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://hall.example.org/' }).publicUrl).toBe('https://hall.example.org');
    expect(loadConfig({ PUBLIC_URL: 'https://city.example/hall/' }).publicUrl).toBe('https://city.example/hall');
    for (const bad of [
      'hall.example.org',
      'ftp://hall.example.org',
      'https://hall.example.org/?a=1',
      'https://u@h.example',
    ])
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
  });
});

describe('a station as asked for, in the log', () => {
  it('is the string cut to 40 characters, or the kind of value, never calling what the value carries', () => {
    expect(stationAsKnown('main')).toBe('main');
    expect(stationAsKnown('a'.repeat(100))).toHaveLength(40);
    expect(stationAsKnown({ toString: 1 })).toBe('object');
    expect(stationAsKnown(Object.create(null))).toBe('object');
    expect(stationAsKnown(['main'])).toBe('object');
  });
});
