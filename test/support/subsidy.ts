import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { ApiClient } from './session';

/**
 * An open measure-29 round (opened 3 days ago, closing in 20, one required material) and one
 * application to it by `enterprise`, through the API: the common start of tests that need a
 * subsidy application in its first step.
 */
export async function applyInOpenRound(commission: ApiClient, enterprise: ApiClient, title: string): Promise<{ roundId: string; applicationId: string }> {
  const today = shanghaiDateOf(new Date());
  const round = await commission.post('/api/v1/subsidy-rounds', {
    measureId: 'jiangjin-srdi-2022-2025/measure/29',
    title,
    opensOn: addCalendarDays(today, -3),
    closesOn: addCalendarDays(today, 20),
    maxAmount: 50,
    materials: [{ code: 'application_form', label: '申报书' }],
  });
  expect(round.status).toBe(201);
  const applied = await enterprise.post('/api/v1/subsidy-applications', { roundId: round.body.id, requestedAmount: 30, materials: [{ code: 'application_form', description: '申报书（盖章）' }] });
  expect(applied.status).toBe(201);
  return { roundId: round.body.id as string, applicationId: applied.body.id as string };
}
