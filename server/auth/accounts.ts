import { AccountsError } from '../../shared/accounts.ts';
import { ADMIN, type Actor } from '../../shared/permissions.ts';
import type { MerchantProfile } from '../../shared/profile.ts';
import { Role } from '../../shared/roles.ts';
import type { Db } from '../store/db.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { createMerchant, findMerchantById, setMerchantRecovery, updateMerchantProfile } from '../store/merchantRepo.ts';
import { endStaffSessions, findStaffById, findStaffByUsername, type StaffRecord } from '../store/staffRepo.ts';
import { clearThrottle, getThrottle, recordFailure } from '../store/throttleRepo.ts';
import { newMerchantId, newRecoveryCode, parseRecoveryCode, secretMatches } from './codes.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { LOGIN_THROTTLE, retryAfterSeconds, throttleKeys } from './throttle.ts';
import { issueToken, tokenExpiresAt, verifyToken } from './tokens.ts';

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
    }
  | { kind: 'merchant'; id: string; name: string; shop: string; phone: string | null };

/** The row of the permission table a verified principal falls under. */
export function actorOf(p: Principal): Actor {
  if (p.kind === 'merchant') return Role.merchant;
  return p.role === 'officer' ? Role.officer : p.role === 'parkManager' ? Role.parkManager : ADMIN;
}

/** Reasons the accounts service refuses something: the API's own codes, which the client translates. */
type AuthError = Exclude<AccountsError, 'invalid_input' | 'not_permitted'>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AuthError; retryAfter?: number };

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
  /** Rooms listen here so a merchant's new name or shop shows over their head at once. */
  private readonly profileListeners = new Set<(merchant: Extract<Principal, { kind: 'merchant' }>) => void>();

  private readonly staffListeners = new Set<() => void>();

  /** Rooms listen here to re-check connected staff at once after an administrator's change. */
  onStaffChanged(listener: () => void): () => void {
    this.staffListeners.add(listener);
    return () => this.staffListeners.delete(listener);
  }

  staffChanged(): void {
    for (const listener of this.staffListeners) listener();
  }

  onMerchantChanged(listener: (merchant: Extract<Principal, { kind: 'merchant' }>) => void): () => void {
    this.profileListeners.add(listener);
    return () => this.profileListeners.delete(listener);
  }

  constructor(db: Db, secret: Uint8Array) {
    this.db = db;
    this.secret = secret;
  }

  async staffLogin(
    username: string,
    password: string,
    address: string,
    now = Date.now(),
  ): Promise<Result<{ token: string; staff: Extract<Principal, { kind: 'staff' }> }>> {
    const keys = throttleKeys(username, address);
    for (const key of [keys.account, keys.address]) {
      const t = await getThrottle(this.db, key);
      const wait = retryAfterSeconds(t?.lockedUntil ?? null, now);
      if (wait > 0) return { ok: false, error: AccountsError.throttled, retryAfter: wait };
    }
    const staff = await findStaffByUsername(this.db, username);
    const passwordOk = await verifyPassword(password, staff?.passwordHash ?? (await dummyHash()));
    if (!staff || !passwordOk) {
      const account = await recordFailure(this.db, keys.account, {
        windowMs: LOGIN_THROTTLE.windowMs,
        maxFailures: LOGIN_THROTTLE.maxFailuresPerAccount,
        lockMs: LOGIN_THROTTLE.lockMs,
        now: new Date(now),
      });
      const byAddress = await recordFailure(this.db, keys.address, {
        windowMs: LOGIN_THROTTLE.windowMs,
        maxFailures: LOGIN_THROTTLE.maxFailuresPerAddress,
        lockMs: LOGIN_THROTTLE.lockMs,
        now: new Date(now),
      });
      const wait = Math.max(retryAfterSeconds(account.lockedUntil, now), retryAfterSeconds(byAddress.lockedUntil, now));
      if (wait > 0) return { ok: false, error: AccountsError.throttled, retryAfter: wait };
      return { ok: false, error: AccountsError.invalidCredentials };
    }
    if (staff.disabledAt) return { ok: false, error: AccountsError.accountDisabled };
    await clearThrottle(this.db, keys.account);
    const token = await issueToken(
      this.secret,
      { kind: 'staff', id: staff.id, role: staff.role, version: staff.tokenVersion },
      now,
    );
    await recordAudit(this.db, { actorKind: 'staff', actorId: staff.id, action: 'staff.login' });
    return { ok: true, value: { token, staff: staffPrincipal(staff, tokenExpiresAt('staff', now)) } };
  }

  /** A merchant's first sign-in: their identity, a token for this browser and a recovery code, shown once. */
  async registerMerchant(
    profile: MerchantProfile & { phone?: string | null },
  ): Promise<MerchantSession & { recoveryCode: string }> {
    const id = newMerchantId();
    const { code, secretHash } = newRecoveryCode(id);
    const record = await createMerchant(this.db, {
      id,
      displayName: profile.name,
      shopName: profile.shop,
      phone: profile.phone ?? null,
      recoveryHash: secretHash,
    });
    const merchant = merchantPrincipal(record);
    return { token: await issueToken(this.secret, { kind: 'merchant', id }), merchant, recoveryCode: code };
  }

  /** Sign a merchant in on another device with their recovery code. */
  async recoverMerchant(input: unknown): Promise<Result<MerchantSession>> {
    const parsed = parseRecoveryCode(input);
    const record = parsed ? await findMerchantById(this.db, parsed.merchantId) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.recoveryHash)) {
      return { ok: false, error: AccountsError.invalidRecoveryCode };
    }
    const token = await issueToken(this.secret, { kind: 'merchant', id: record.id });
    return { ok: true, value: { token, merchant: merchantPrincipal(record) } };
  }

  /** A new recovery code for a signed-in merchant; the previous one stops working. */
  async renewRecoveryCode(merchantId: string): Promise<string> {
    const { code, secretHash } = newRecoveryCode(merchantId);
    await setMerchantRecovery(this.db, merchantId, secretHash);
    return code;
  }

  async updateMerchant(
    merchantId: string,
    profile: MerchantProfile & { phone?: string | null },
  ): Promise<Extract<Principal, { kind: 'merchant' }>> {
    await updateMerchantProfile(this.db, merchantId, {
      displayName: profile.name,
      shopName: profile.shop,
      phone: profile.phone ?? null,
    });
    const merchant = merchantPrincipal((await findMerchantById(this.db, merchantId))!);
    for (const listener of this.profileListeners) listener(merchant);
    return merchant;
  }

  /**
   * Who a token belongs to, checked against the stored account every time: a disabled officer or a reset
   * password ends every token issued before.
   */
  async authenticate(token: unknown, now = Date.now()): Promise<Result<Principal>> {
    const check = await verifyToken(this.secret, token, now);
    if (!check.ok)
      return { ok: false, error: check.reason === 'expired' ? AccountsError.expiredToken : AccountsError.invalidToken };
    const subject = check.subject;
    if (subject.kind === 'merchant') {
      const record = await findMerchantById(this.db, subject.id);
      return record ? { ok: true, value: merchantPrincipal(record) } : { ok: false, error: AccountsError.invalidToken };
    }
    const staff = await findStaffById(this.db, subject.id);
    if (!staff || staff.tokenVersion !== subject.version) return { ok: false, error: AccountsError.invalidToken };
    if (staff.disabledAt) return { ok: false, error: AccountsError.accountDisabled };
    return { ok: true, value: staffPrincipal(staff, check.expiresAt) };
  }

  /**
   * Who a room pass belongs to: the hall and meeting rooms admit a connection with a short-lived pass,
   * never the long-lived sign-in token (which would travel in the WebSocket URL).
   */
  async authenticateRoomPass(pass: unknown, now = Date.now()): Promise<Result<Principal>> {
    return this.authenticate(pass, now);
  }

  /**
   * A staff member signs out: every token they hold stops working, here and on other devices, so a
   * forgotten session on a shared desk computer cannot be picked up later.
   */
  async staffSignOut(id: string): Promise<void> {
    await endStaffSessions(this.db, id);
    await recordAudit(this.db, { actorKind: 'staff', actorId: id, action: 'staff.logout' });
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
}

function staffPrincipal(s: StaffRecord, expiresAt: number): Extract<Principal, { kind: 'staff' }> {
  return { kind: 'staff', id: s.id, role: s.role, name: s.displayName, version: s.tokenVersion, expiresAt };
}

function merchantPrincipal(m: {
  id: string;
  displayName: string;
  shopName: string;
  phone: string | null;
}): Extract<Principal, { kind: 'merchant' }> {
  return { kind: 'merchant', id: m.id, name: m.displayName, shop: m.shopName, phone: m.phone };
}
