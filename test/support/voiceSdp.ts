/**
 * What the voice tests send as signalling: an audio-only offer with Opus as Chromium writes one (shortened), and
 * one host candidate. The rooms check a description's media, never its other lines.
 */

/** The offer, with `lines` added at its end (a mark to tell copies apart, padding to make it long). */
export function opusOffer(...lines: string[]): string {
  return [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=sendrecv',
    'a=rtpmap:111 opus/48000/2',
    ...lines,
    '',
  ].join('\r\n');
}

export const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host', sdpMid: '0' };
