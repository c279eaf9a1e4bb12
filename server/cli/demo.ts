import { newMerchantId, newRecoveryCode, newStaffId, randomBase32 } from '../accounts/codes.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { loadConfig } from '../config.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { openNewCase } from '../cases/openCase.ts';
import { completeCase } from '../cases/store.ts';
import { createMerchant } from '../accounts/merchantStore.ts';
import { createStaff, findStaffByUsername, type StaffRole } from '../accounts/staffStore.ts';
import { openStore } from './common.ts';
import { addMembership } from '../stations/store.ts';
import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { seedDemoSamples } from './demoSamples.ts';

/** The demo station's people. Passwords are generated on each run and printed once; none is stored here. */
const STAFF: { username: string; name: string; role: StaffRole }[] = [
  { username: 'officer-li', name: '李警官', role: 'officer' },
  { username: 'officer-zhang', name: '张警官', role: 'officer' },
  { username: 'park-zhou', name: '周经理', role: 'parkManager' },
  { username: 'park-wu', name: '吴经理', role: 'parkManager' },
];

const MERCHANTS = [
  {
    name: '王女士',
    shop: '科教园区老王面馆',
    phone: '13800000001',
    // An earlier desk visit, so the officer who serves her next sees it before they begin.
    earlierCase: {
      service: 'renovation',
      description: '门头翻新，想了解围挡要求',
      notes: '已一次性告知围挡与招牌要求；招牌另行备案。',
      checklist: [
        '施工前设置围挡，围挡外不得堆放材料',
        '建筑垃圾当日清运，不得占道堆放',
        '门头招牌设计图纸提交招牌备案',
      ],
    },
  },
  { name: '李先生', shop: '李记五金', phone: null },
  { name: '赵女士', shop: '赵家花店', phone: '13800000003' },
];

/**
 * `npm run demo`: a demo station on the configured storage — officers and park managers with generated
 * passwords, a few merchants with recovery codes to sign in as them, and sample data for each feature
 * (see demoSamples.ts). Printed once; run again to add what is missing (existing accounts are left alone).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openStore(config);
  const ids = new Map<string, string>();
  try {
    console.log('Staff accounts (sign in on the "工作人员登录 / Staff" tab):');
    let added = 0;
    for (const s of STAFF) {
      if (await findStaffByUsername(db, s.username)) {
        console.log(`  ${s.username.padEnd(16)} already exists (npm run staff -- reset --username ${s.username})`);
        continue;
      }
      const password = randomBase32(16).toLowerCase().match(/.{4}/g)!.join('-');
      const staff = await createStaff(db, {
        id: newStaffId(),
        username: s.username,
        displayName: s.name,
        role: s.role,
        passwordHash: await hashPassword(password),
      });
      // The demo's staff work in the default station.
      await addMembership(db, staff.id, DEFAULT_STATION_SLUG);
      await recordAudit(db, {
        actorKind: 'demo',
        actorId: null,
        action: 'staff.add',
        targetKind: 'staff',
        targetId: staff.id,
      });
      ids.set(s.username, staff.id);
      console.log(`  ${s.username.padEnd(16)} ${s.role.padEnd(12)} ${s.name}   password: ${password}`);
      added++;
    }
    if (added === 0) {
      console.log('\nThe demo station was prepared before; its sample merchants are already there.');
      return;
    }
    console.log('\nSample merchants (sign in on the "恢复码登录 / Recovery code" tab):');
    const merchantIds = new Map<string, string>();
    for (const m of MERCHANTS) {
      const id = newMerchantId();
      const { code, secretHash } = newRecoveryCode(id);
      await createMerchant(db, { id, displayName: m.name, shopName: m.shop, phone: m.phone, recoveryHash: secretHash });
      merchantIds.set(m.shop, id);
      const officerId = ids.get('officer-li');
      const earlier = 'earlierCase' in m ? m.earlierCase : undefined;
      if (earlier && officerId) {
        const caseId = await openNewCase(db, {
          merchantId: id,
          service: earlier.service,
          description: earlier.description,
          officerId,
          deskId: 'desk-1',
          timeZone: config.timeZone,
          station: DEFAULT_STATION_SLUG,
        });
        await completeCase(db, caseId, { ...earlier, outcome: 'resolved', status: 'closed' });
      }
      console.log(`  ${m.name} · ${m.shop}   recovery code: ${code}`);
    }
    const staffId = async (username: string) => ids.get(username) ?? (await findStaffByUsername(db, username))!.id;
    await seedDemoSamples(db, config, {
      officers: [await staffId('officer-li'), await staffId('officer-zhang')],
      parkManagers: [await staffId('park-zhou'), await staffId('park-wu')],
      restaurant: merchantIds.get('科教园区老王面馆')!,
      hardware: merchantIds.get('李记五金')!,
    });
    console.log('\nThese passwords and codes are shown only now. Start the hall with: npm start');
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (err) {
  console.error((err as { code?: string }).code ? (err as Error).message : err);
  process.exitCode = 1;
}
