import { EventEmitter } from 'node:events';
import { ClientState } from '@colyseus/core';
import { describe, expect, it } from 'vitest';
import { ClientGuard } from '../../server/rooms/badInput.ts';

/** A connection as the guard sees it: its socket's events, its state as Colyseus keeps it, and its close. */
function connection(sessionId: string) {
  const closed: { code?: number; reason?: string }[] = [];
  return {
    sessionId,
    ref: new EventEmitter(),
    state: ClientState.JOINED as ClientState,
    closed,
    leave(code?: number, reason?: string) {
      closed.push({ code, reason });
    },
  };
}

describe('a connection the room shows out', () => {
  it('has what it still sends before its socket closes ignored, by the room and by Colyseus alike', () => {
    const guard = new ClientGuard('meeting');
    const removed = connection('s1');
    // Shown out before it was ever watched (a removed person knocking again), then sending a cut-short frame.
    guard.drop(removed, 4001, 'removed');
    expect(removed.closed).toEqual([{ code: 4001, reason: 'removed' }]);
    expect(removed.state).toBe(ClientState.JOINED);
    removed.ref.emit('message', new Uint8Array([13, 0x92]));
    // Colyseus reads no frame of a client that is leaving.
    expect(removed.state).toBe(ClientState.LEAVING);
    expect(guard.isDropped('s1')).toBe(true);
  });

  it('leaves a connection that was not shown out alone while it sends what can be read', () => {
    const guard = new ClientGuard('hall');
    const honest = connection('s2');
    guard.watch(honest);
    honest.ref.emit('message', new Uint8Array([10])); // a ping
    expect(honest.state).toBe(ClientState.JOINED);
    honest.ref.emit('message', new Uint8Array([255])); // a kind no client sends
    expect(honest.state).toBe(ClientState.LEAVING);
    expect(honest.closed).toHaveLength(1);
  });
});
