import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { bootHall, until } from './helpers.ts';

/** A self-signed certificate for 127.0.0.1, made as the README tells a station to make one for its address. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { cert, key };
}

/** GET over HTTPS trusting only the station's own certificate: the check a phone that installed it makes. */
function getTrusting(ca: Buffer, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('a hall with a certificate (TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-tls-'));
  const files = selfSigned(dir);
  let hall: RunningHall;
  let base: string;
  beforeAll(async () => {
    hall = await bootHall({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.key });
    base = `https://127.0.0.1:${hall.port}`;
  });
  afterAll(async () => {
    await hall?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says its address with https', () => {
    expect(hall.url).toMatch(/^https:\/\//);
  });

  it('answers over HTTPS with that certificate, and not in plain HTTP', async () => {
    const health = await getTrusting(fs.readFileSync(files.cert), `${base}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    await expect(fetch(`http://127.0.0.1:${hall.port}/healthz`)).rejects.toThrow();
  });

  it('lets a merchant into the hall over WSS on the same port', async () => {
    // The SDK and fetch take no certificate of their own: this file's process trusts any, for this test only.
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const token = await signUpMerchant(base, '孙七', '孙七的店');
      const client = new Client(base);
      client.auth.token = await roomPassFor(base, token);
      const room = await client.join<HallState>(RoomName.hall, {}, HallState);
      expect(room.connection.url).toMatch(/^wss:\/\//);
      await until(() => room.state.avatars?.get(room.sessionId), 'own avatar over wss');
      await room.leave();
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });
});

describe('a certificate that is not there', () => {
  it('stops the start, naming the setting and the file', async () => {
    await expect(
      bootHall({ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' }),
    ).rejects.toThrow(/TLS_CERT_FILE: cannot read \/nonexistent\/cert\.pem \(ENOENT\)/);
  });
});
