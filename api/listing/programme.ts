import { z } from 'zod';
import programmeFile from '../../prisma/seed/listing-programme.json';
import { programmeErrors, type ListingProgramme } from '../../domain/listing/listing';

// The milestone chain and cadence are data (prisma/seed/listing-programme.json), checked once when
// the API loads; a new plan edits the file, not the code. Each case keeps the chain it was enrolled with.

const expected = z.strictObject({ amount: z.number().int().min(1).max(600), unit: z.enum(['months', 'working_days']) });
const programmeSchema = z.object({
  milestones: z.array(
    z.strictObject({
      key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
      label: z.string().min(1).max(40),
      expected: expected.nullable(),
      evidenceRequired: z.boolean(),
      evidenceHint: z.string().min(1).max(200),
      rewardClaim: z.strictObject({ stage: z.string().min(1).max(40), amount: z.number().positive().max(100_000).optional() }).nullable(),
      quota: z.strictObject({ target: z.number().int().min(1), mode: z.enum(['warn', 'enforce']), basis: z.string() }).optional(),
    }),
  ),
  checkIn: z.strictObject({ intervalMonths: z.number().int().min(1).max(12), dueWorkingDay: z.number().int().min(1).max(20), itemType: z.string() }),
  stallItemType: z.string(),
  rewardItemType: z.string(),
  rewardMeasureId: z.string().min(1).optional(),
});

export function loadListingProgramme(raw: unknown = programmeFile): ListingProgramme {
  const programme = programmeSchema.parse(raw) as ListingProgramme;
  const errors = programmeErrors(programme);
  if (errors.length > 0) throw new Error(`listing programme: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
  return programme;
}
