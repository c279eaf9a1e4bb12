import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsRoute, type MeResponse } from '../../shared/accounts.ts';
import { decodeLook, defaultAppearance, INVALID_APPEARANCE, type Appearance } from '../../shared/appearance.ts';
import { roleFromCode } from '../../shared/roles.ts';
import type { RunningHall } from '../../server/app.ts';
import { avatarOf, api, bootHall, hallUrl, staffToken, until, visit, visitWithToken } from './helpers.ts';

let hall: RunningHall;
beforeAll(async () => {
  hall = await bootHall();
});
afterAll(async () => {
  await hall.close();
});

/** A merchant's sign-up as the form sends it, with or without a look. */
async function signUp(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(AccountsRoute.merchants, hallUrl(hall)), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const chosen: Appearance = { body: 'broad', hair: 'bun', hairColour: 'auburn', clothing: 'purple' };

describe('how people look in the hall', () => {
  it('a merchant’s chosen look reaches another merchant’s hall, and a change in the profile follows at once', async () => {
    const signed = await signUp({ name: '林', shop: '林记', appearance: chosen });
    expect(signed.status).toBe(201);
    expect((signed.body.me as MeResponse & { appearance: Appearance }).appearance).toEqual(chosen);
    const token = signed.body.token as string;
    const other = await visit(hall, '邻居');
    const me = await visitWithToken(hall, token);
    const seen = await until(() => avatarOf(other.room, me.room.sessionId), 'the neighbour to see the merchant');
    expect(decodeLook(seen.look)).toEqual(chosen);

    const changed: Appearance = { body: 'slim', hair: 'long', hairColour: 'grey', clothing: 'yellow' };
    const saved = await api<{ me: { appearance: Appearance } }>(hall, token, 'PATCH', AccountsRoute.me, {
      name: '林',
      shop: '林记',
      appearance: changed,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.me.appearance).toEqual(changed);
    await until(
      () => decodeLook(avatarOf(other.room, me.room.sessionId)!.look).clothing === 'yellow',
      'the neighbour to see the new look',
    );
    expect(decodeLook(avatarOf(other.room, me.room.sessionId)!.look)).toEqual(changed);

    // A profile change that says nothing of the look keeps it.
    await api(hall, token, 'PATCH', AccountsRoute.me, { name: '林老板', shop: '林记' });
    const after = await api<{ me: { appearance: Appearance } }>(hall, token, 'GET', AccountsRoute.me);
    expect(after.body.me.appearance).toEqual(changed);
    await me.room.leave(true);
    await other.room.leave(true);
  });

  it('refuses a look that is not one of the choices, at sign-up and in the profile, and changes nothing', async () => {
    for (const appearance of [
      { ...chosen, clothing: 'navy' },
      { ...chosen, body: 'giant' },
      { ...chosen, uniform: 'officer' },
      'officer',
    ]) {
      const refused = await signUp({ name: '假', shop: '假店', appearance });
      expect(refused.status, JSON.stringify(appearance)).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_input', fields: { appearance: INVALID_APPEARANCE } });
    }
    const signed = await signUp({ name: '真', shop: '真店', appearance: chosen });
    const token = signed.body.token as string;
    const bad = await api(hall, token, 'PATCH', AccountsRoute.me, {
      name: '真',
      shop: '真店',
      appearance: { ...chosen, hairColour: 'blue' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', fields: { appearance: INVALID_APPEARANCE } });
    const me = await api<{ me: { appearance: Appearance } }>(hall, token, 'GET', AccountsRoute.me);
    expect(me.body.me.appearance).toEqual(chosen);
  });

  it('someone who never chose gets their default, and an officer’s look comes from their account, not from them', async () => {
    const signed = await signUp({ name: '老客', shop: '老店' });
    const id = (signed.body.me as { id: string }).id;
    expect((signed.body.me as { appearance: Appearance }).appearance).toEqual(defaultAppearance(id));

    const token = await staffToken(hall, 'officer', 'look.officer', '周警官');
    const officerId = (await api<{ me: { id: string } }>(hall, token, 'GET', AccountsRoute.me)).body.me.id;
    const officer = await visitWithToken(hall, token);
    const watcher = await visit(hall, '旁观者');
    const seen = await until(() => avatarOf(watcher.room, officer.room.sessionId), 'the officer to be seen');
    expect(roleFromCode(seen.role)).toBe('officer'); // the page draws the uniform for the role
    expect(decodeLook(seen.look)).toEqual(defaultAppearance(officerId));
    // Staff do not choose how they look: the profile is a merchant's to change.
    const refused = await api(hall, token, 'PATCH', AccountsRoute.me, { name: '周', shop: '', appearance: chosen });
    expect(refused.status).toBe(403);
    await officer.room.leave(true);
    await watcher.room.leave(true);
  });
});
