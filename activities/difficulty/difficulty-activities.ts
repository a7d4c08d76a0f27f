import type { Db } from '../../runtime/db';
import type { DifficultyInput } from '../../domain/difficulty/difficulty';
import { appendAudit } from '../audit/audit-log';

export function createDifficultyActivities(db: Db) {
  return {
    /** Inserts the difficulty row once; a retry finds it and only re-checks the audit entry. */
    async registerDifficulty(input: DifficultyInput, workflowId: string): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.difficulty.createMany({
          data: [
            {
              id: input.difficultyId,
              enterpriseId: input.enterpriseId,
              category: input.category,
              title: input.title,
              description: input.description,
              state: 'assigned',
              raisedBy: input.raisedBy,
              workflowId,
              createdAt: new Date(input.raisedAt),
            },
          ],
          skipDuplicates: true,
        });
        await appendAudit(tx, {
          actorId: input.raisedBy,
          action: 'difficulty.raise',
          subject: `difficulty:${input.difficultyId}`,
          detail: { enterpriseId: input.enterpriseId, category: input.category, leadUnitId: input.leadUnitId },
          dedupKey: `difficulty:${input.difficultyId}:raise`,
          at: new Date(input.raisedAt),
        });
      });
    },

    /** Guarded: only an open difficulty moves to resolved. */
    async resolveDifficulty(difficultyId: string, at: string): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.difficulty.updateMany({ where: { id: difficultyId, state: 'assigned' }, data: { state: 'resolved' } });
        await appendAudit(tx, {
          actorId: 'system',
          action: 'difficulty.resolve',
          subject: `difficulty:${difficultyId}`,
          detail: {},
          dedupKey: `difficulty:${difficultyId}:resolve`,
          at: new Date(at),
        });
      });
    },
  };
}
