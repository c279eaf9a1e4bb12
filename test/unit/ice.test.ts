import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { iceConfigFor, parseIceServers, turnCredential, type IceSettings } from '../../server/voice/ice.ts';

const TURN = 'turn:10.0.0.2:3478?transport=udp';

describe('ICE_SERVERS', () => {
  it('is empty by default: no STUN and no TURN, the pages meet on the local network', () => {
    const config = loadConfig({});
    expect(config.iceServers).toEqual([]);
    expect(config.iceTransportPolicy).toBe('all');
    expect(config.turnSecret).toBeUndefined();
    expect(config.turnTtlSeconds).toBe(3600);
    expect(config.tls).toBeUndefined();
  });

  it('takes stun:, turn: and turns: entries, one URL or a list', () => {
    const servers = [
      { urls: 'stun:10.0.0.2:3478' },
      {
        urls: [TURN, 'turn:10.0.0.2:3478?transport=tcp', 'turns:turn.station.lan:5349'],
        username: 'u',
        credential: 'c',
      },
      { urls: 'turn:[fd00::2]:3478' },
    ];
    expect(parseIceServers(JSON.stringify(servers), 'secret')).toEqual(servers);
  });

  it.each([
    ['not JSON', '[{urls:', /JSON array/],
    ['an object, not an array', '{"urls":"stun:10.0.0.2"}', /ICE_SERVERS/],
    ['another scheme', '[{"urls":"https://turn.example"}]', /ICE_SERVERS at 0\.urls/],
    ['a URL with a user part', '[{"urls":"turn:me@10.0.0.2"}]', /ICE_SERVERS at 0\.urls/],
    ['an odd key', '[{"urls":"stun:10.0.0.2","credentialType":"oauth"}]', /ICE_SERVERS at 0/],
    ['no urls', '[{"username":"u","credential":"c"}]', /ICE_SERVERS at 0\.urls/],
    ['an empty list of URLs', '[{"urls":[]}]', /ICE_SERVERS at 0\.urls/],
    ['a username without credential', `[{"urls":"${TURN}","username":"u"}]`, /go together/],
  ])('stops the start on %s', (_what, value, message) => {
    expect(() => loadConfig({ ICE_SERVERS: value, TURN_SECRET: 's' })).toThrow(message);
  });

  it('stops the start on a TURN server with no credential and no TURN_SECRET', () => {
    expect(() => loadConfig({ ICE_SERVERS: `[{"urls":"${TURN}"}]` })).toThrow(/TURN_SECRET/);
  });

  it('stops the start on more than eight servers', () => {
    const many = JSON.stringify(Array.from({ length: 9 }, () => ({ urls: 'stun:10.0.0.2' })));
    expect(() => loadConfig({ ICE_SERVERS: many })).toThrow(/at most 8/);
  });

  it('forces relay only with a TURN server to relay through', () => {
    expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/needs a TURN server/);
    expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'turn' })).toThrow(/"all" or "relay"/);
    const config = loadConfig({ ICE_SERVERS: `[{"urls":"${TURN}"}]`, TURN_SECRET: 's', ICE_TRANSPORT_POLICY: 'relay' });
    expect(config.iceTransportPolicy).toBe('relay');
  });

  it('keeps TURN_TTL_SECONDS between a minute and a day', () => {
    expect(loadConfig({ TURN_TTL_SECONDS: '600' }).turnTtlSeconds).toBe(600);
    expect(() => loadConfig({ TURN_TTL_SECONDS: '10' })).toThrow(/TURN_TTL_SECONDS/);
    expect(() => loadConfig({ TURN_TTL_SECONDS: '100000' })).toThrow(/TURN_TTL_SECONDS/);
  });

  it('wants both TLS files or neither', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: 'cert.pem' })).toThrow(/go together/);
    expect(loadConfig({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' }).tls?.certFile).toMatch(/cert\.pem$/);
  });
});

describe('TURN credentials', () => {
  // Computed apart from the code under test:
  //   echo -n "1700003600:merchant-1" | openssl dgst -sha1 -hmac "north-gate-secret" -binary | base64
  const OPENSSL = 'Olyxt1wXtihYjqn/z4ezW0uVGfg=';

  it('follow the TURN REST scheme coturn checks (use-auth-secret)', () => {
    expect(turnCredential('north-gate-secret', 'merchant-1', 1_700_003_600)).toEqual({
      username: '1700003600:merchant-1',
      credential: OPENSSL,
    });
  });

  it('are made per person for every TURN entry without its own, expiring after TURN_TTL_SECONDS', () => {
    const settings: IceSettings = {
      iceServers: [
        { urls: 'stun:10.0.0.2:3478' },
        { urls: [TURN] },
        { urls: 'turns:turn.station.lan:5349', username: 'fixed', credential: 'kept' },
      ],
      iceTransportPolicy: 'relay',
      turnSecret: 'north-gate-secret',
      turnTtlSeconds: 3600,
    };
    const ice = iceConfigFor(settings, 'merchant-1', 1_700_000_000_500);
    expect(ice).toEqual({
      iceServers: [
        { urls: 'stun:10.0.0.2:3478' },
        { urls: [TURN], username: '1700003600:merchant-1', credential: OPENSSL },
        { urls: 'turns:turn.station.lan:5349', username: 'fixed', credential: 'kept' },
      ],
      iceTransportPolicy: 'relay',
    });
    // The settings themselves are never changed by a request.
    expect(settings.iceServers[1]).toEqual({ urls: [TURN] });
    expect(iceConfigFor(settings, 'officer-2', 1_700_000_000_500).iceServers[1]?.username).toBe('1700003600:officer-2');
  });
});
