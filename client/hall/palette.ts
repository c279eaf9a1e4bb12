import type { Role } from '../../shared/roles.ts';

/** Uniform colours by role: what tells a merchant at a glance who is staff. Mirrored in styles.css. */
export const ROLE_COLOURS: Record<Role, { body: string; legs: string }> = {
  merchant: { body: '#e8893a', legs: '#4a4f5c' },
  officer: { body: '#1f4e8c', legs: '#16233a' },
  parkManager: { body: '#2f8a5b', legs: '#2b3a33' },
};

export const SKIN = '#f1c7a0';
export const OFFLINE = '#9aa0a6';

/** Service desk accent colours, in catalogue order. */
export const SERVICE_ACCENTS = ['#c8553d', '#2a7f9e', '#8a5cc2', '#3f8f4f'];

/** Meeting seats by party: officers, property managers, merchant representatives. */
export const PARTY_COLOURS = ['#1f4e8c', '#2f8a5b', '#e8893a'];

/** The font stack the hall draws Chinese with: the device's own CJK fonts, nothing downloaded. */
export const CJK_FONT =
  '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Source Han Sans SC", sans-serif';
