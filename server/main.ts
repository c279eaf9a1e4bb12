import { loadConfig } from './config.ts';
import { startHall } from './app.ts';
import { log } from './log.ts';

const config = loadConfig();
const hall = await startHall(config);
log.info('hall.ready', { url: hall.url, dataDir: config.dataDir });
console.log(`\n  城管会客厅 · Reception Hall is open at ${hall.url}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    log.info('hall.closing', { signal });
    void hall.close().then(() => process.exit(0));
  });
}
