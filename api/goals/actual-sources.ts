import type { Db } from '../../runtime/db';
import { tierKeys } from '../../domain/recognition/recognition';
import type { PlanPeriod } from '../../domain/goals/progress';
import { toDateColumn } from '../../prisma/date-column';

/**
 * Where a plan target's actual comes from: one entry per target key. Each counts the new
 * achievements per year within the plan period. A target whose key has no source here reports
 * its actual as unknown (null) with `missingNote`, never a guessed number; another process adds
 * its own source to this list (e.g. the listing process for `new_listed`).
 */
export interface GoalActualSource {
  targetKey: string;
  /** How the actual is counted, shown with the figures. */
  note: string;
  countPerYear(db: Db, period: PlanPeriod): Promise<Map<number, number>>;
}

export const missingNote = '该目标的完成数尚未接入数据来源（由相应流程提供），暂不显示完成数';

/**
 * 梯度培育: enterprises newly recognised at a tier within the plan period, by the year of their
 * first recognition at that tier in the period (a re-recognition after expiry is not counted again).
 */
function tierSource(tier: (typeof tierKeys)[number]): GoalActualSource {
  return {
    targetKey: tier,
    note: '规划期内新获该层级认定的企业数（按首次认定日期计年度，同一企业只计一次；来源：企业梯度认定记录）',
    async countPerYear(db, period) {
      const rows = await db.$queryRaw<{ year: number; count: number }[]>`
        SELECT EXTRACT(YEAR FROM first_on)::int AS year, COUNT(*)::int AS count
          FROM (SELECT enterprise_id, MIN(recognised_on) AS first_on
                  FROM enterprise_tier
                 WHERE tier = ${tier} AND recognised_on BETWEEN ${toDateColumn(period.from)}::date AND ${toDateColumn(period.to)}::date
                 GROUP BY enterprise_id) firsts
         GROUP BY 1`;
      return new Map(rows.map((row) => [row.year, row.count]));
    },
  };
}

/** 上市培育: enterprises listed (上市 reached) within the plan period, by the year of listing. */
const listingSource: GoalActualSource = {
  targetKey: 'new_listed',
  note: '规划期内新上市企业数（按上市里程碑确认的日期计年度；来源：上市培育案件）',
  async countPerYear(db, period) {
    const rows = await db.$queryRaw<{ year: number; count: number }[]>`
      SELECT EXTRACT(YEAR FROM listed_on)::int AS year, COUNT(*)::int AS count
        FROM listing_case
       WHERE listed_on BETWEEN ${toDateColumn(period.from)}::date AND ${toDateColumn(period.to)}::date
       GROUP BY 1`;
    return new Map(rows.map((row) => [row.year, row.count]));
  },
};

export const goalActualSources: GoalActualSource[] = [...tierKeys.map(tierSource), listingSource];
