import { useSyncExternalStore } from 'react';

/**
 * How much of the signed-in hall's code has arrived: the build lists the hall's chunks and their sizes in
 * the page (a JSON script `#hall-chunks`, vite.config.ts), and the browser's own resource timings say which
 * of them have finished downloading. Honest, not a timer: a chunk counts once it has fully arrived (or came
 * from the cache). Empty in development, where the page is served by Vite and there are no chunks.
 */
export interface HallDownload {
  /** Bytes (uncompressed) of the hall's chunks fully arrived. */
  loaded: number;
  /** Bytes (uncompressed) of all the hall's chunks; 0 when unknown. */
  total: number;
}

let state: HallDownload = { loaded: 0, total: 0 };
const listeners = new Set<() => void>();
let started = false;

function start(): void {
  if (started) return;
  started = true;
  const listed = document.getElementById('hall-chunks')?.textContent;
  if (!listed || typeof PerformanceObserver === 'undefined') return;
  let sizes: Record<string, number>;
  try {
    sizes = JSON.parse(listed) as Record<string, number>;
  } catch {
    return;
  }
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const arrived = new Set<string>();
  state = { loaded: 0, total };
  const note = (entries: PerformanceEntryList) => {
    let changed = false;
    for (const e of entries) {
      const file = new URL(e.name, location.href).pathname;
      if (sizes[file] === undefined || arrived.has(file)) continue;
      arrived.add(file);
      changed = true;
    }
    if (!changed) return;
    state = { loaded: [...arrived].reduce((a, f) => a + (sizes[f] ?? 0), 0), total };
    for (const l of listeners) l();
  };
  new PerformanceObserver((list) => note(list.getEntries())).observe({ type: 'resource', buffered: true });
}

function subscribe(listener: () => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useHallDownload(): HallDownload {
  return useSyncExternalStore(subscribe, () => state);
}
