import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { toDateColumn } from '../date-column';
import { recognitionData } from '../../api/recognition/tier-config';

/**
 * The shipped criteria versions. A version that exists is left alone; a new version (such as a
 * revised national rule) is one more entry in recognition.json, loaded at the next start.
 */
export async function seedRecognitionCriteria(db: Db): Promise<void> {
  await db.recognitionCriteria.createMany({
    data: recognitionData.criteria.map((criteria) => ({
      tier: criteria.tier,
      version: criteria.version,
      effectiveFrom: toDateColumn(criteria.effectiveFrom),
      source: criteria.source,
      rules: criteria.rules as unknown as Prisma.InputJsonArray,
    })),
    skipDuplicates: true,
  });
}
