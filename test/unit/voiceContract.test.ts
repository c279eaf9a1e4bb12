import { describe, expect, it } from 'vitest';
import { describeDescription, descriptionRefusal, VoiceReason, voiceSignalSchema } from '../../shared/voice.ts';

/** A session description of the given lines after `v=0`, with CRLF as browsers write it. */
const sdp = (...lines: string[]) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines, ''].join('\r\n');
const audio = (port = 9, codec = 'opus/48000/2') => [`m=audio ${port} UDP/TLS/RTP/SAVPF 111`, `a=rtpmap:111 ${codec}`];

describe('describeDescription', () => {
  it('reads a section’s own direction', () => {
    for (const [direction, sends] of [
      ['sendrecv', true],
      ['sendonly', true],
      ['recvonly', false],
      ['inactive', false],
    ] as const) {
      expect(describeDescription(sdp(...audio(), `a=${direction}`))).toEqual({
        audioOnly: true,
        opus: true,
        sends,
        sections: 1,
      });
    }
  });

  it('a section without a direction takes the session’s, and without that sendrecv', () => {
    expect(describeDescription(sdp('a=recvonly', ...audio())).sends).toBe(false);
    expect(describeDescription(sdp('a=sendonly', ...audio())).sends).toBe(true);
    expect(describeDescription(sdp(...audio())).sends).toBe(true);
    // The section's own wins over the session's.
    expect(describeDescription(sdp('a=recvonly', ...audio(), 'a=sendrecv')).sends).toBe(true);
    expect(describeDescription(sdp('a=sendrecv', ...audio(), 'a=recvonly')).sends).toBe(false);
  });

  it('a rejected section (port 0) sends nothing and needs no Opus', () => {
    expect(describeDescription(sdp(...audio(0, 'PCMU/8000'), 'a=sendrecv'))).toMatchObject({
      sends: false,
      opus: true,
    });
    const two = describeDescription(sdp(...audio(0), 'a=sendrecv', ...audio(), 'a=recvonly'));
    expect(two).toMatchObject({ sends: false, sections: 2, audioOnly: true });
  });

  it('video or a data channel is not audio only; an audio section without Opus is not Opus', () => {
    expect(
      describeDescription(sdp(...audio(), 'a=recvonly', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=recvonly')),
    ).toMatchObject({ audioOnly: false, sections: 2 });
    expect(describeDescription(sdp('m=application 9 UDP/DTLS/SCTP webrtc-datachannel')).audioOnly).toBe(false);
    expect(describeDescription(sdp(...audio(9, 'PCMU/8000'), 'a=recvonly')).opus).toBe(false);
    expect(describeDescription(sdp()).audioOnly).toBe(false); // no media at all
  });

  it('reads LF line ends too', () => {
    expect(describeDescription(sdp(...audio(), 'a=recvonly').replaceAll('\r\n', '\n'))).toMatchObject({
      sends: false,
      opus: true,
    });
  });
});

describe('descriptionRefusal', () => {
  it('lets audio with Opus go; sending only from someone who may speak', () => {
    expect(descriptionRefusal(sdp(...audio(), 'a=recvonly'), false)).toBeNull();
    expect(descriptionRefusal(sdp(...audio(), 'a=sendrecv'), true)).toBeNull();
    expect(descriptionRefusal(sdp(...audio(), 'a=sendrecv'), false)).toBe(VoiceReason.notAllowed);
    expect(descriptionRefusal(sdp('a=sendonly', ...audio()), false)).toBe(VoiceReason.notAllowed);
    expect(descriptionRefusal(sdp(...audio(0), 'a=sendrecv'), false)).toBeNull();
  });

  it('refuses video, data and other codecs whoever sends them', () => {
    for (const maySend of [true, false]) {
      expect(descriptionRefusal(sdp(...audio(), 'a=recvonly', 'm=video 9 UDP/TLS/RTP/SAVPF 96'), maySend)).toBe(
        VoiceReason.badDescription,
      );
      expect(descriptionRefusal(sdp(...audio(9, 'PCMU/8000'), 'a=recvonly'), maySend)).toBe(VoiceReason.badDescription);
    }
  });
});

describe('the signalling message', () => {
  it('carries a description or a candidate, never both or neither', () => {
    const description = { type: 'offer', sdp: sdp(...audio()) };
    const candidate = { candidate: '' };
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: 1, description }).success).toBe(true);
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: 1, candidate }).success).toBe(true);
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: 1, description, candidate }).success).toBe(false);
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: 1 }).success).toBe(false);
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: -1, candidate }).success).toBe(false);
    expect(voiceSignalSchema.safeParse({ to: '', epoch: 1, candidate }).success).toBe(false);
    expect(voiceSignalSchema.safeParse({ to: 'p', epoch: 1, candidate, extra: 1 }).success).toBe(false);
  });
});
