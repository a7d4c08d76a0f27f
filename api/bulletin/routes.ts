import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { figuresVisibleTo } from '../../domain/access/policy';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { type LocalDate, compareLocalDate, shanghaiDateOf } from '../../domain/calendar';
import { parsePeriod, type Period } from '../../domain/measure/period';
import { recordSecurityEvent } from '../../activities/access/authentication';
import { route, type RouteDefinition } from '../http/route';
import { bulletinFor, bulletinWorkbook } from './bulletin';
import { unitFiguresFor, type UnitFiguresReport } from './figures';
import { asOfQuerySchema, figuresQuerySchema, periodParamsSchema } from './schemas';

const tag = '通报';

/** The figures are as of a day: today unless given, never before the period starts nor in the future. */
function asOfFor(period: Period, asOf: LocalDate | undefined): LocalDate {
  const today = shanghaiDateOf(new Date());
  const day = asOf ?? today;
  if (compareLocalDate(day, today) > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'asOf', message: '统计日不能晚于今天' }] });
  if (compareLocalDate(day, period.from) < 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'asOf', message: '统计日不能早于统计期开始日' }] });
  return day;
}

/** Unit staff see their own rows (with their rank); the lists name other units, so they see those only for themselves. */
function narrowed<T extends UnitFiguresReport>(principal: Principal, report: T): T {
  const visible = figuresVisibleTo(principal);
  return {
    ...report,
    units: report.units.filter((row) => visible(row.unitId)),
    redList: report.redList.filter((row) => visible(row.unitId)),
    blackList: report.blackList.filter((row) => visible(row.unitId)),
  };
}

/** 通报: per-unit figures ranked (红榜/黑榜), and the period's bulletin as JSON and XLSX. */
export function bulletinRoutes(db: Db): RouteDefinition[] {
  return [
    route({
      operationId: 'figures.units',
      method: 'get',
      path: '/unit-figures',
      tag,
      summary: '各区级部门、工业园、镇街的签收及时率、按时办结率、超期率、办结率、满意率、延期次数及排名（扣除依法中止计时）',
      access: 'figures.read',
      query: figuresQuerySchema,
      handle: async ({ principal, query }) => {
        const period = parsePeriod(query.period);
        return narrowed(principal, await unitFiguresFor(db, period, asOfFor(period, query.asOf)));
      },
    }),
    route({
      operationId: 'bulletins.get',
      method: 'get',
      path: '/bulletins/:period',
      tag,
      summary: '一期通报（月度如 2026-11，季度如 2026-Q4）：排名表、红榜、黑榜、分项目标进度、指标口径',
      access: 'figures.read',
      params: periodParamsSchema,
      query: asOfQuerySchema,
      handle: async ({ principal, params, query }) => {
        const period = parsePeriod(params.period);
        return narrowed(principal, await bulletinFor(db, period, asOfFor(period, query.asOf)));
      },
    }),
    route({
      operationId: 'bulletins.export',
      method: 'get',
      path: '/bulletins/:period/xlsx',
      tag,
      summary: '导出一期通报（XLSX），记录导出审计',
      access: 'bulletins.export',
      params: periodParamsSchema,
      query: asOfQuerySchema,
      handle: async ({ res, principal, params, query }) => {
        const period = parsePeriod(params.period);
        const bulletin = await bulletinFor(db, period, asOfFor(period, query.asOf));
        const bytes = await bulletinWorkbook(bulletin);
        // Data leaving the system: a security event, written before the bytes are sent.
        await recordSecurityEvent(db, {
          action: 'export',
          actorId: auditActorOf(principal),
          subject: `bulletin:${period.key}`,
          detail: { format: 'xlsx', period: period.key, asOf: bulletin.asOf, units: bulletin.units.length, bytes: bytes.length },
        });
        res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('Content-Disposition', `attachment; filename="bulletin-${period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${bulletin.title}.xlsx`)}`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.end(bytes);
        return undefined;
      },
    }),
  ];
}
