import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Settings a test's child process must not inherit from the shell that runs the tests: with DATABASE_URL
 * exported, a test would make accounts with well-known passwords in that (perhaps real) database.
 */
export const UNINHERITED_ENV = ['DATABASE_URL', 'DATABASE_SCHEMA', 'SESSION_SECRET'] as const;

/**
 * The environment for a child process of a test: this process's, without {@link UNINHERITED_ENV}, then
 * `env` on top — so a test that wants a database or a secret names it on purpose.
 */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of UNINHERITED_ENV) delete inherited[name];
  return { ...inherited, ...env };
}

export interface HallProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start the hall as its own process, exactly as `npm start` runs it (after the build), on a free port with a
 * fresh data folder (or `env.DATA_DIR`), on the embedded database unless `env` names another. Resolves once
 * it prints its URL.
 */
export async function startHallProcess(env: Record<string, string> = {}): Promise<HallProcess> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hall-data-'));
  const child = spawn(process.execPath, [path.join(root, 'server', 'main.ts')], {
    cwd: root,
    // Loopback only: tests and the bench never open the hall to the network.
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env, DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hall did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /open at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hall exited with ${code}:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
