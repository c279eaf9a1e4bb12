/** One-line structured log records, readable by people and by log collectors. */
type Fields = Record<string, string | number | boolean | undefined>;

function line(level: string, event: string, fields: Fields): string {
  const parts = [new Date().toISOString(), level, event];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) parts.push(`${k}=${JSON.stringify(v)}`);
  return parts.join(' ');
}

export const log = {
  info(event: string, fields: Fields = {}): void {
    if (process.env.LOG_LEVEL !== 'silent') console.log(line('info', event, fields));
  },
  warn(event: string, fields: Fields = {}): void {
    if (process.env.LOG_LEVEL !== 'silent') console.warn(line('warn', event, fields));
  },
  error(event: string, fields: Fields = {}): void {
    if (process.env.LOG_LEVEL !== 'silent') console.error(line('error', event, fields));
  },
};
