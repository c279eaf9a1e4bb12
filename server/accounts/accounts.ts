import { AccountsError } from '../../shared/accounts.ts';
import type { Result } from '../../shared/result.ts';
import { ADMIN, type Actor } from '../../shared/permissions.ts';
import type { MerchantProfile } from '../../shared/profile.ts';
import type { Appearance } from '../../shared/appearance.ts';
import { Role } from '../../shared/roles.ts';
import type { NewsRelay } from '../events.ts';
import { log } from '../log.ts';
import type { Db } from '../store/db.ts';
import { recordAudit } from '../store/auditRepo.ts';
import {
  createMerchant,
  endMerchantSessions,
  findMerchantById,
  merchantTokenVersions,
  setMerchantRecovery,
  updateMerchantProfile,
  type MerchantRecord,
} from './merchantStore.ts';
import {
  endStaffSessions,
  findStaffById,
  findStaffByUsername,
  rememberSignInAddress,
  signedInFromSince,
  type StaffRecord,
} from './staffStore.ts';
import { clearThrottle, countAttempt, forgiveAttempt } from './throttleStore.ts';
import { newMerchantId, newRecoveryCode, parseRecoveryCode, secretMatches } from './codes.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import {
  LOGIN_THROTTLE,
  retryAfterSeconds,
  throttleKeys,
  type LoginThrottle,
  type ThrottlePolicy,
} from './throttle.ts';
import {
  issueRoomPass,
  issueToken,
  tokenExpiresAt,
  verifyRoomPass,
  verifyToken,
  type TokenCheck,
  type TokenSubject,
} from './tokens.ts';

export type StaffRole = StaffRecord['role'];

/** Who a verified credential says someone is. Built by the server only, never from what a client claims. */
export type Principal =
  | {
      kind: 'staff';
      id: string;
      role: StaffRole;
      name: string;
      /** Token version, to notice a reset or a disable. */ version: number;
      /** When the token this principal was read from stops working, epoch ms. */ expiresAt: number;
      /** The stations (slugs) the account belongs to: it acts in these only. */ stations: readonly string[];
    }
  | {
      kind: 'merchant';
      id: string;
      name: string;
      shop: string;
      phone: string | null;
      /** How they look in the hall: as chosen, else their default. */ appearance: Appearance;
      /** Token version, to notice a sign-out or a new recovery code. */ version: number;
    };

/**
 * Every earlier sign-in of a person has ended (a sign-out, a new recovery code): rooms show their
 * connections out at once, except the room sessions named in `keep`, which belong to the device that asked
 * and carry on under `version`.
 */
export interface SessionsEnded {
  personId: string;
  version: number;
  keep: readonly string[];
}

/** The row of the permission table a verified principal falls under. */
export function actorOf(p: Principal): Actor {
  if (p.kind === 'merchant') return Role.merchant;
  return p.role === 'officer' ? Role.officer : p.role === 'parkManager' ? Role.parkManager : ADMIN;
}

/** Reasons the accounts service refuses something: the API's own codes, which the client translates. */
export type AuthError = Exclude<AccountsError, 'invalid_input' | 'not_permitted' | 'server_error'>;

/** An accounts answer; a throttled sign-in says when to try again (`retryAfter`, in seconds). */
export type AuthResult<T, E extends AuthError = AuthError> = Result<T, E, { retryAfter?: number }>;

export interface MerchantSession {
  token: string;
  merchant: Extract<Principal, { kind: 'merchant' }>;
}

/**
 * Staff sign-in, merchant identity and token checks over the repositories. Every answer to a failed
 * sign-in is the same whether the username exists or not, and takes the same time.
 */
export class Accounts {
  private readonly db: Db;
  private readonly secret: Uint8Array;
  private readonly throttle: LoginThrottle;
  /** Rooms listen here so a merchant's new name or shop shows over their head at once. */
  private readonly profileListeners = new Set<(merchant: Extract<Principal, { kind: 'merchant' }>) => void>();

  private readonly staffListeners = new Set<() => void>();
  private readonly endedListeners = new Set<(ended: SessionsEnded) => void>();
  /** With several processes: what ends or changes here is told to the rooms of the others too. */
  private relay: NewsRelay | null = null;

  /**
   * Sign-ins ended, staff changed and merchants renamed on any process reach the rooms of every process: a
   * person signed out through one process is shown out of a hall held by another.
   */
  shareNews(relay: NewsRelay): void {
    this.relay = relay;
    relay.subscribe('accounts.ended', (ended) => this.tellEnded(ended as SessionsEnded));
    relay.subscribe('accounts.staff', () => this.tellStaffChanged());
    relay.subscribe('accounts.merchant', (m) =>
      this.tellMerchantChanged(m as Extract<Principal, { kind: 'merchant' }>),
    );
  }

  /** Rooms listen here to show a person out at once when their sign-ins end. */
  onSessionsEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private sessionsEnded(ended: SessionsEnded): void {
    this.tellEnded(ended);
    this.relay?.publish('accounts.ended', ended);
  }

  private tellEnded(ended: SessionsEnded): void {
    // The sign-out itself is stored already: one room failing to show someone out must not keep the others
    // from doing so, nor turn the person's sign-out into an error.
    for (const listener of this.endedListeners) {
      try {
        listener(ended);
      } catch (err) {
        log.error('accounts.sessions_ended.listener', { person: ended.personId, message: String(err) });
      }
    }
  }

  /** Rooms listen here to re-check connected staff at once after an administrator's change. */
  onStaffChanged(listener: () => void): () => void {
    this.staffListeners.add(listener);
    return () => this.staffListeners.delete(listener);
  }

  staffChanged(): void {
    this.tellStaffChanged();
    this.relay?.publish('accounts.staff', null);
  }

  private tellStaffChanged(): void {
    for (const listener of this.staffListeners) listener();
  }

  private tellMerchantChanged(merchant: Extract<Principal, { kind: 'merchant' }>): void {
    for (const listener of this.profileListeners) listener(merchant);
  }

  onMerchantChanged(listener: (merchant: Extract<Principal, { kind: 'merchant' }>) => void): () => void {
    this.profileListeners.add(listener);
    return () => this.profileListeners.delete(listener);
  }

  /** `throttle`: how staff sign-in guessing is slowed (the LOGIN_* settings); default {@link LOGIN_THROTTLE}. */
  constructor(db: Db, secret: Uint8Array, throttle: LoginThrottle = LOGIN_THROTTLE) {
    this.db = db;
    this.secret = secret;
    this.throttle = throttle;
  }

  /**
   * Staff sign-in, slowed as the station's {@link LoginThrottle} says. Each attempt is counted before the password is
   * checked, in one statement per counter that also decides whether it may go ahead, all in one transaction,
   * so a burst of guesses sent at once is counted whole and only the free tries are checked at all. A refused attempt answers
   * `throttled` with the wait, whether the password would have been right or not.
   */
  async staffLogin(
    username: string,
    password: string,
    address: string,
    now = Date.now(),
  ): Promise<AuthResult<{ token: string; staff: Extract<Principal, { kind: 'staff' }> }>> {
    const keys = throttleKeys(username, address);
    const at = new Date(now);
    const found = await findStaffByUsername(this.db, username);
    const throttle = this.throttle;
    const since = new Date(now - throttle.knownAddressDays * 86_400_000);
    // The officer's own desk keeps its door open while others guess at the account from elsewhere.
    const knownAddress = found ? await signedInFromSince(this.db, found.id, keys.addressKey, since) : false;
    const counted: [string, ThrottlePolicy][] = [
      [keys.address, throttle.address],
      [keys.pair, throttle.pair],
    ];
    if (!knownAddress) counted.push([keys.account, throttle.account]);
    // One transaction, the counters always in the same order: the first one's row lock lines up concurrent
    // attempts on the same address, so every counter sees them in one order and a burst lets through exactly
    // the free tries of the strictest counter (counted side by side, two counters could each refuse a
    // different attempt and let fewer through).
    const results = await this.db.transaction(async (tx) => {
      const out = [];
      for (const [key, policy] of counted) out.push(await countAttempt(tx, key, { ...policy, now: at }));
      return out;
    });
    const wait = Math.max(
      0,
      ...results.filter((r) => !r.admitted).map((r) => Math.max(1, retryAfterSeconds(r.lockedUntil, now))),
    );
    if (wait > 0) return { ok: false, error: AccountsError.throttled, retryAfter: wait };

    const passwordOk = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
    if (!found || !passwordOk) return { ok: false, error: AccountsError.invalidCredentials };
    if (found.disabledAt) return { ok: false, error: AccountsError.accountDisabled };
    await clearThrottle(this.db, keys.pair);
    await forgiveAttempt(this.db, keys.address, throttle.address.freeAttempts);
    if (!knownAddress) await forgiveAttempt(this.db, keys.account, throttle.account.freeAttempts);
    await rememberSignInAddress(this.db, found.id, keys.addressKey, at);
    const token = await issueToken(
      this.secret,
      { kind: 'staff', id: found.id, role: found.role, version: found.tokenVersion },
      now,
    );
    await recordAudit(this.db, { actorKind: 'staff', actorId: found.id, action: 'staff.login' });
    return { ok: true, value: { token, staff: staffPrincipal(found, tokenExpiresAt('staff', now)) } };
  }

  /** A merchant's first sign-in: their identity, a token for this browser and a recovery code, shown once. */
  async registerMerchant(
    profile: MerchantProfile & { phone?: string | null; appearance?: Appearance },
  ): Promise<MerchantSession & { recoveryCode: string }> {
    const id = newMerchantId();
    const { code, secretHash } = newRecoveryCode(id);
    const record = await createMerchant(this.db, {
      id,
      displayName: profile.name,
      shopName: profile.shop,
      phone: profile.phone ?? null,
      appearance: profile.appearance ?? null,
      recoveryHash: secretHash,
    });
    const merchant = merchantPrincipal(record);
    return { token: await this.merchantToken(record), merchant, recoveryCode: code };
  }

  /** Sign a merchant in on another device with their recovery code. */
  async recoverMerchant(input: unknown): Promise<AuthResult<MerchantSession, 'invalid_recovery_code'>> {
    const parsed = parseRecoveryCode(input);
    const record = parsed ? await findMerchantById(this.db, parsed.merchantId) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.recoveryHash)) {
      return { ok: false, error: AccountsError.invalidRecoveryCode };
    }
    return { ok: true, value: { token: await this.merchantToken(record), merchant: merchantPrincipal(record) } };
  }

  /**
   * A new recovery code for a signed-in merchant: the previous code stops working, and so does every token
   * issued so far (a lost phone is signed out, in the rooms too). The device that asked gets a new token,
   * and its room connections named in `keep` stay.
   */
  async renewRecoveryCode(merchantId: string, keep: readonly string[] = []): Promise<{ code: string; token: string }> {
    const { code, secretHash } = newRecoveryCode(merchantId);
    const record = await setMerchantRecovery(this.db, merchantId, secretHash);
    if (!record) throw new Error(`no merchant ${merchantId}`);
    await recordAudit(this.db, { actorKind: 'merchant', actorId: merchantId, action: 'merchant.recovery_code' });
    this.sessionsEnded({ personId: merchantId, version: record.tokenVersion, keep });
    return { code, token: await this.merchantToken(record) };
  }

  /** A merchant signs out: every token they hold stops working, on this device and any other. */
  async merchantSignOut(id: string): Promise<void> {
    const record = await endMerchantSessions(this.db, id);
    if (!record) return;
    await recordAudit(this.db, { actorKind: 'merchant', actorId: id, action: 'merchant.logout' });
    this.sessionsEnded({ personId: id, version: record.tokenVersion, keep: [] });
  }

  private merchantToken(record: MerchantRecord): Promise<string> {
    return issueToken(this.secret, { kind: 'merchant', id: record.id, version: record.tokenVersion });
  }

  async updateMerchant(
    merchantId: string,
    profile: MerchantProfile & { phone?: string | null; appearance?: Appearance },
  ): Promise<Extract<Principal, { kind: 'merchant' }>> {
    await updateMerchantProfile(this.db, merchantId, {
      displayName: profile.name,
      shopName: profile.shop,
      phone: profile.phone ?? null,
      appearance: profile.appearance,
    });
    const merchant = merchantPrincipal((await findMerchantById(this.db, merchantId))!);
    this.tellMerchantChanged(merchant);
    this.relay?.publish('accounts.merchant', merchant);
    return merchant;
  }

  /**
   * Who a token belongs to, checked against the stored account every time: a sign-out, a new recovery
   * code, a disabled officer or a reset password ends every token issued before.
   */
  async authenticate(token: unknown, now = Date.now()): Promise<AuthResult<Principal>> {
    return this.principalOf(await verifyToken(this.secret, token, now));
  }

  /**
   * Who a room pass belongs to: the hall and meeting rooms admit a connection with a short-lived pass,
   * never the long-lived sign-in token (which would travel in the WebSocket URL). The account is checked
   * as for a token, so a pass made before a sign-out admits no one after it.
   */
  async authenticateRoomPass(pass: unknown, now = Date.now()): Promise<AuthResult<Principal>> {
    return this.principalOf(await verifyRoomPass(this.secret, pass, now));
  }

  /** A room pass for the holder of a sign-in token that holds now. */
  async roomPass(token: unknown, now = Date.now()): Promise<AuthResult<{ pass: string; expiresAt: number }>> {
    const check = await verifyToken(this.secret, token, now);
    const who = await this.principalOf(check);
    if (!who.ok || !check.ok) return who.ok ? { ok: false, error: AccountsError.invalidToken } : who;
    return { ok: true, value: await issueRoomPass(this.secret, check.subject, check.expiresAt, now) };
  }

  /**
   * The account a request says it acts for, from the token's signature alone (no storage): the key its
   * writes are counted under. A revoked token still names its account, which is refused later anyway.
   */
  async personOf(token: unknown): Promise<string | null> {
    const check = await verifyToken(this.secret, token);
    return check.ok ? check.subject.id : null;
  }

  private async principalOf(check: TokenCheck): Promise<AuthResult<Principal>> {
    if (!check.ok)
      return { ok: false, error: check.reason === 'expired' ? AccountsError.expiredToken : AccountsError.invalidToken };
    const subject: TokenSubject = check.subject;
    if (subject.kind === 'merchant') {
      const record = await findMerchantById(this.db, subject.id);
      if (!record || record.tokenVersion !== subject.version) return { ok: false, error: AccountsError.invalidToken };
      return { ok: true, value: merchantPrincipal(record) };
    }
    const staff = await findStaffById(this.db, subject.id);
    if (!staff || staff.tokenVersion !== subject.version) return { ok: false, error: AccountsError.invalidToken };
    if (staff.disabledAt) return { ok: false, error: AccountsError.accountDisabled };
    return { ok: true, value: staffPrincipal(staff, check.expiresAt) };
  }

  /**
   * A staff member signs out: every token they hold stops working, here and on other devices, so a
   * forgotten session on a shared desk computer cannot be picked up later.
   */
  async staffSignOut(id: string): Promise<void> {
    const record = await endStaffSessions(this.db, id);
    await recordAudit(this.db, { actorKind: 'staff', actorId: id, action: 'staff.logout' });
    if (record) this.sessionsEnded({ personId: id, version: record.tokenVersion, keep: [] });
  }

  /**
   * Whether a staff member may still be here (the hall checks connected staff periodically): the account
   * is active, no reset or sign-out ended the token, and the token itself has not expired — a connection
   * must not keep a shift's sign-in alive past its end.
   */
  async staffStillValid(id: string, version: number, expiresAt: number, now = Date.now()): Promise<boolean> {
    if (!(now < expiresAt)) return false;
    const staff = await findStaffById(this.db, id);
    return !!staff && !staff.disabledAt && staff.tokenVersion === version;
  }

  /** The current token version of each of these merchants that exists, in one query. */
  async merchantVersions(ids: readonly string[]): Promise<Map<string, number>> {
    return merchantTokenVersions(this.db, ids);
  }

  /** Whether a merchant's sign-in at this version still holds (no sign-out or new recovery code since). */
  async merchantStillValid(id: string, version: number): Promise<boolean> {
    const record = await findMerchantById(this.db, id);
    return !!record && record.tokenVersion === version;
  }
}

function staffPrincipal(s: StaffRecord, expiresAt: number): Extract<Principal, { kind: 'staff' }> {
  return {
    kind: 'staff',
    id: s.id,
    role: s.role,
    name: s.displayName,
    version: s.tokenVersion,
    expiresAt,
    stations: s.stations,
  };
}

function merchantPrincipal(m: MerchantRecord): Extract<Principal, { kind: 'merchant' }> {
  return {
    kind: 'merchant',
    id: m.id,
    name: m.displayName,
    shop: m.shopName,
    phone: m.phone,
    appearance: m.appearance,
    version: m.tokenVersion,
  };
}
