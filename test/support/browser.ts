import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium fonts-noto-cjk';

/** Flags for headless Chromium on a machine with no GPU and no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

function hasCjkFont(): boolean {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
}

/**
 * Make sure a real Chromium and Chinese fonts are on this machine. Installs Debian's packages when running
 * as root with apt; otherwise stops with the command a person should run.
 */
export function ensureChromium(): string {
  let path = findChromium();
  if (path && hasCjkFont()) return path;
  if (!canInstall()) {
    throw new Error(
      `End-to-end tests need Chromium and Chinese fonts. Install them with:\n  sudo sh -c '${INSTALL_COMMAND}'\n` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  console.log(`Installing Chromium and Chinese fonts: ${INSTALL_COMMAND}`);
  execFileSync('sh', ['-c', INSTALL_COMMAND], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  path = findChromium();
  if (!path) throw new Error(`Chromium is still missing after: ${INSTALL_COMMAND}`);
  return path;
}

/**
 * Flags for pages that talk: a fake microphone (a beep) granted without a prompt, audio that plays without a
 * gesture, and the machine's own addresses in ICE candidates (no mDNS names, which pages on one machine with
 * no mDNS responder could not resolve).
 */
export const VOICE_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/**
 * A launcher that starts Chromium on the given CPUs only (`taskset -c`, a list such as "0" or "0-1"), so that
 * every process it starts (page, GPU, network) runs there; null where `taskset` is missing.
 */
function pinnedLauncher(binary: string, cpus: string): string | null {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(cpus)) throw new Error(`not a CPU list: ${cpus}`);
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-chromium-'));
  const launcher = path.join(dir, 'chromium');
  fs.writeFileSync(launcher, `#!/bin/sh\nexec taskset -c ${cpus} ${JSON.stringify(binary)} "$@"\n`, { mode: 0o755 });
  return launcher;
}

/**
 * `voice: true`: the pages talk (VOICE_ARGS). `voice: 'denied'`: the same fake devices, but every permission
 * prompt is refused, as by a person who says no to the microphone. `cpus`: the browser runs on those CPUs only
 * (a `taskset` list); throws where that cannot be done.
 */
export async function launchChromium(options: { voice?: boolean | 'denied'; cpus?: string } = {}): Promise<Browser> {
  const denied = [...VOICE_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts'];
  const args =
    options.voice === 'denied'
      ? [...CHROMIUM_ARGS, ...denied]
      : options.voice
        ? [...CHROMIUM_ARGS, ...VOICE_ARGS]
        : CHROMIUM_ARGS;
  let executablePath = ensureChromium();
  if (options.cpus !== undefined) {
    const launcher = pinnedLauncher(executablePath, options.cpus);
    if (!launcher) throw new Error('taskset (util-linux) is needed to keep the browser on its own CPUs');
    executablePath = launcher;
  }
  return chromium.launch({ executablePath, args });
}

/**
 * Pages opened from here on are a device without WebGL (an old phone, a browser with hardware acceleration off,
 * a lost graphics context): every canvas refuses a WebGL context; the hall serves such a device from its panels.
 */
export async function withoutWebgl(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, id: string, ...rest: unknown[]) {
      if (/webgl/i.test(id)) return null;
      return (getContext as (this: HTMLCanvasElement, id: string, ...r: unknown[]) => RenderingContext | null).call(
        this,
        id,
        ...rest,
      );
    } as typeof getContext;
  });
}
