import type { Db } from '../../runtime/db';
import type { OrgRole } from '../../generated/prisma/client';
// Not staff.json: next to staff.ts, Node's require would resolve './staff' to the JSON file.
import staffFile from './staff-members.json';

// The demo organisation chart: fictitious people (example.cn addresses, no phone numbers, so no
// real person can be reached by mistake). Every unit has a liaison and a unit leader; the
// commission also has two officers and a head. There is no district-government unit in
// units.json, so the district leader sits in the commission (jxw), the unit whose escalations
// reach the district; targets address them as { role: 'district_leader', unitId: 'jxw' }.

interface StaffSeed {
  id: string;
  name: string;
  unitId: string;
  roles: OrgRole[];
  email: string | null;
}

export const seededStaff = staffFile.staff as StaffSeed[];

/** Idempotent: existing people are left as they are (an administrator may have edited them). */
export async function seedStaff(db: Db): Promise<void> {
  await db.staffMember.createMany({
    data: seededStaff.map((person) => ({ ...person, phone: null, active: true })),
    skipDuplicates: true,
  });
}
