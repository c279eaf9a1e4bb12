import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useMeeting, type MeetingView, type SeatView } from '../../client/net/meetingConnection.ts';

// No network, no audio: the ICE servers never arrive (so no peer link is built) and nobody's level is read.
vi.mock('../../client/voice/iceConfig.ts', () => ({ fetchIceConfig: () => new Promise(() => undefined) }));
vi.mock('../../client/voice/levels.ts', () => ({ watchLevels: () => () => undefined }));

const { followMeetingVoice, useMeetingVoice } = await import('../../client/voice/meetingVoice.ts');

function seat(id: string, party: SeatView['party'], voice: boolean, extra: Partial<SeatView> = {}): SeatView {
  return {
    id,
    name: id,
    shop: '',
    party,
    look: 0,
    seat: 0,
    present: true,
    online: true,
    muted: false,
    chair: false,
    secretary: false,
    voice,
    voiceEpoch: 1,
    ...extra,
  };
}

/** The table as the room sends it: a running session, the merchant `m` listening or not. */
function table(merchantInVoice: boolean): MeetingView {
  return {
    meetingId: 'meet-1',
    title: '三方会谈',
    host: 'pm',
    phase: 'running',
    agenda: [{ title: '外摆时段' }],
    current: 0,
    speaker: '',
    discussion: 'moderated',
    hands: [],
    seats: ['officer', 'property', 'merchant'],
    participants: [seat('pm', 'property', true, { chair: true }), seat('m', 'merchant', merchantInVoice)],
  };
}

const join = () => useMeetingVoice.getState().join;

describe("a meeting page's voice when its connection to the room comes back", () => {
  let stop: () => void;
  beforeEach(() => {
    useMeeting.setState({ status: 'in', selfId: 'm', view: table(false) });
    stop = followMeetingVoice();
    // Entering, the page asks for the voice; the room then shows it in.
    expect(join()).toBe('joining');
    useMeeting.getState().set({ view: table(true) });
    expect(join()).toBe('in');
  });
  afterEach(() => {
    stop();
    useMeeting.setState({ status: 'idle', selfId: null, view: null });
  });

  it('takes the voice again in a room reopened on another process, where it starts out of it', () => {
    useMeeting.getState().set({ status: 'reconnecting' });
    // Walked back to the table: in again, still showing the table as it stood before the drop...
    useMeeting.getState().set({ status: 'in' });
    expect(join()).toBe('in');
    // ...then the reopened room's own table, with nobody in the voice yet: the page asks again.
    useMeeting.getState().set({ view: table(false) });
    expect(join()).toBe('joining');
    useMeeting.getState().set({ view: table(true) });
    expect(join()).toBe('in');
  });

  it('asks only once: out of the voice again afterwards means another page of the person took it', () => {
    useMeeting.getState().set({ status: 'reconnecting' });
    useMeeting.getState().set({ status: 'in' });
    useMeeting.getState().set({ view: table(false) });
    useMeeting.getState().set({ view: table(true) });
    useMeeting.getState().set({ view: table(false) });
    expect(join()).toBe('elsewhere');
  });

  it('stays in after a reconnection the room kept the voice through, and yields to another page later', () => {
    useMeeting.getState().set({ status: 'reconnecting' });
    useMeeting.getState().set({ status: 'in' });
    useMeeting.getState().set({ view: table(true) });
    expect(join()).toBe('in');
    useMeeting.getState().set({ view: table(false) });
    expect(join()).toBe('elsewhere');
  });

  it('without any drop, leaving the voice means another page took it', () => {
    useMeeting.getState().set({ view: table(false) });
    expect(join()).toBe('elsewhere');
  });
});
