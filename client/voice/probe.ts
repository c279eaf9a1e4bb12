import type { LinkStats, LinkStatus, PeerLink } from './peerLink.ts';

export interface VoiceProbe {
  /** Every open voice link of this page, with its numbers from getStats() and its status. */
  links(): Promise<Array<{ peerId: string; epoch: number; status: LinkStatus } & LinkStats>>;
}

declare global {
  interface Window {
    __voice?: VoiceProbe;
  }
}

const open = new Set<PeerLink>();

/**
 * A read-only window onto the page's voice links, for end-to-end tests and the benchmark (like window.__hall):
 * they check that audio really flows, from the browser's own counters. Nothing of it changes what the links do.
 */
function install(): void {
  if (typeof window === 'undefined' || window.__voice) return;
  window.__voice = {
    links: () =>
      Promise.all(
        [...open].map(async (l) => ({
          peerId: l.peerId,
          epoch: l.epoch,
          status: l.currentStatus,
          ...(await l.stats()),
        })),
      ),
  };
}

export function rememberLink(link: PeerLink): void {
  install();
  open.add(link);
}

export function forgetLink(link: PeerLink): void {
  open.delete(link);
}
