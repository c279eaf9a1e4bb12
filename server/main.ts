import { loadConfig } from './config.ts';
import { semiSpaceMb, startWithSemiSpace } from './youngGeneration.ts';

const config = loadConfig();
// Before the hall is loaded: without its young generation set, the process starts again with it (same pid).
startWithSemiSpace(config.semiSpaceMb);
const { startHall } = await import('./app.ts');
const { log } = await import('./log.ts');

const hall = await startHall(config);

// Ready to be stopped before it says it is open: a supervisor (or a test) may stop it the moment it reads that.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    log.info('hall.closing', { signal });
    void hall.close().then(() => process.exit(0));
  });
}

log.info('hall.ready', { url: hall.url, dataDir: config.dataDir, semiSpaceMb: semiSpaceMb() });
console.log(`\n  城管会客厅 · Reception Hall is open at ${hall.url}\n`);
