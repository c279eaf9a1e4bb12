import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TURNSERVER = '/usr/bin/turnserver';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y coturn';
/** Relay ports a test's coturn hands out: a call takes one per side, so a few dozen is plenty. */
export const TURN_RELAY_PORTS = { min: 49160, max: 49200 } as const;
/** How long coturn may take to open its listener on a busy machine, ms. */
const TURN_START_MS = 15_000;

function canInstall(): boolean {
  return process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
}

/**
 * Make sure Debian's coturn is on this machine, as {@link ensureChromium} does for the browser: installed
 * when running as root with apt (a clean CI machine), otherwise stop with the command a person should run.
 */
export function ensureCoturn(): string {
  if (fs.existsSync(TURNSERVER)) return TURNSERVER;
  if (!canInstall()) {
    throw new Error(`The voice tests need coturn (a TURN server). Install it with:\n  sudo sh -c '${INSTALL_COMMAND}'`);
  }
  console.log(`Installing coturn: ${INSTALL_COMMAND}`);
  execFileSync('sh', ['-c', INSTALL_COMMAND], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!fs.existsSync(TURNSERVER)) throw new Error(`coturn is still missing after: ${INSTALL_COMMAND}`);
  return TURNSERVER;
}

/**
 * This machine's first IPv4 address that is not loopback: coturn refuses loopback peers by default, and a
 * station's TURN server sits on its network, not on 127.0.0.1.
 */
export function networkAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  throw new Error('no IPv4 network address besides loopback: coturn needs one to relay on');
}

/** TURN's own ports (3478 is the standard one), tried first so a firewall rule for TURN fits the tests too. */
const TURN_PORTS = { min: 3478, max: 3490 } as const;

function tryUdpPort(address: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(null));
    socket.bind(port, address, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}

/** A UDP port free on `address` right now (coturn listens on UDP and TCP; a free UDP port is nearly always both). */
async function freeUdpPort(address: string): Promise<number> {
  for (let port = TURN_PORTS.min; port <= TURN_PORTS.max; port++) {
    const free = await tryUdpPort(address, port);
    if (free) return free;
  }
  const any = await tryUdpPort(address, 0);
  if (!any) throw new Error(`no free UDP port on ${address}`);
  return any;
}

export interface TurnServer {
  /** The one URL to put in ICE_SERVERS: UDP, as a browser tries first. */
  urls: string;
  /** coturn's static-auth-secret, to give the hall as TURN_SECRET. */
  secret: string;
  address: string;
  port: number;
  /** coturn's log (verbose: every allocation and permission is a line). */
  logFile: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Start coturn as a station would run it for the hall (see README, Voice): the TURN REST scheme with a random
 * secret, no TLS, no admin console, listening and relaying on this machine's network address with a bounded
 * relay port range, everything of it in a temporary folder. Resolves once its UDP listener is open. `again`
 * starts a fresh one where a stopped one was (same port and secret, none of its relays): the path every call
 * took is gone, as when a phone changes networks.
 */
export async function startTurn(again?: { port: number; secret: string }): Promise<TurnServer> {
  const binary = ensureCoturn();
  const address = networkAddress();
  const port = again?.port ?? (await freeUdpPort(address));
  const secret = again?.secret ?? randomBytes(24).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-turn-'));
  const logFile = path.join(dir, 'turn.log');
  const child = spawn(
    binary,
    [
      '-n', // no configuration file: everything is here
      `--listening-ip=${address}`,
      `--relay-ip=${address}`,
      `--listening-port=${port}`,
      `--min-port=${TURN_RELAY_PORTS.min}`,
      `--max-port=${TURN_RELAY_PORTS.max}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=hall.test',
      '--fingerprint',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--verbose',
      `--log-file=${logFile}`,
      '--simple-log',
      '--no-stdout-log',
      `--pidfile=${path.join(dir, 'turn.pid')}`,
      `--db=${path.join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  const deadline = Date.now() + TURN_START_MS;
  while (!/UDP listener opened on/.test(log())) {
    if (child.exitCode !== null) throw new Error(`turnserver exited with ${child.exitCode}:\n${output}\n${log()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not open its listener in ${TURN_START_MS / 1000} s:\n${output}\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { urls: `turn:${address}:${port}?transport=udp`, secret, address, port, logFile, log, stop };
}
