import { ICE_CONFIG_PATH, type IceConfig } from '../../shared/voice.ts';
import { call, HttpReason } from '../net/http.ts';

/** Peer to peer on the local network: what a station with no ICE servers configured uses. */
export const LOCAL_ICE: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };

/**
 * The ICE servers for a new voice connection, asked each time (TURN credentials are short-lived). A hall
 * that does not serve them (404), or a request that fails, gives peer to peer on the local network: a call
 * between two pages of the same station still connects.
 */
export async function fetchIceConfig(token: string | null): Promise<IceConfig> {
  if (!token) return LOCAL_ICE;
  const r = await call<IceConfig>('GET', ICE_CONFIG_PATH, undefined, token);
  if (!r.ok) {
    if (r.error !== HttpReason.notFound) console.warn('voice: ICE servers not fetched', r.error);
    return LOCAL_ICE;
  }
  const { iceServers, iceTransportPolicy } = r.value;
  return {
    iceServers: Array.isArray(iceServers) ? iceServers : [],
    iceTransportPolicy: iceTransportPolicy === 'relay' ? 'relay' : 'all',
  };
}
