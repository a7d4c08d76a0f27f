import type { Db } from '../../runtime/db';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import type { EscalationStepKey, NotifyTarget } from '../../domain/supervision/escalation';
import type { CoUnitPart, ItemSnapshot } from '../../domain/supervision/item';
import { appendAudit } from '../audit/audit-log';
import { createCalendarActivities } from '../calendar/calendar-activities';
import { renderUrgingNotice, urgingNoticeTitle } from '../notification/documents';
import type { createNotificationActivities } from '../notification/notify';

/**
 * What a notice is about: the assignment (交办, and a 转办's new lead), an escalation step, a
 * co-organiser past its sub-deadline without a report, or a leader's instruction (批示).
 */
export type ItemNoticeKey = EscalationStepKey | 'instruct' | 'assigned' | 'co_overdue';

export interface ItemStepNotice {
  snapshot: ItemSnapshot;
  stepKey: ItemNoticeKey;
  /** Who the step notifies (from the item type's ladder); a manual 催办 notifies the lead unit. */
  notify?: NotifyTarget[];
  /** The co-organiser a co_overdue notice is about. */
  coUnitId?: string;
  commissionUnitId: string;
  dedupKey: string;
  at: string;
  message?: string;
}

const stepTitles: Record<ItemNoticeKey, string> = {
  remind_liaison: '督办事项即将到期提醒',
  urge: '催办通知',
  supervise: '督办单',
  flag: '挂牌督办通知',
  bulletin: '超期事项通报',
  sign_overdue: '督办事项签收超时提醒',
  instruct: '领导批示',
  assigned: '新交办督办事项',
  co_overdue: '配合单位反馈超时提醒',
};

// Each urging notice gets the next 文号 of its year; the lock keeps numbers unique.
const documentNumberLockKey = 72_101_779;

export function createItemNotificationActivities(db: Db, notifications: ReturnType<typeof createNotificationActivities>) {
  const calendars = createCalendarActivities(db);
  return {
    /** Tells the people an escalation step (or a manual 催办) is addressed to; once per dedupKey. */
    async notifyItemStep(notice: ItemStepNotice): Promise<void> {
      const { snapshot } = notice;
      const coUnit = notice.stepKey === 'co_overdue' ? snapshot.coUnits.find((part) => part.unitId === notice.coUnitId) : undefined;
      if (notice.stepKey === 'co_overdue' && !coUnit) throw new Error(`co_overdue notice for ${String(notice.coUnitId)}, not a co-organiser of ${snapshot.itemId}`);
      const [unit, coUnitRow] = await Promise.all([
        db.unit.findUniqueOrThrow({ where: { id: snapshot.leadUnitId }, select: { name: true } }),
        coUnit ? db.unit.findUniqueOrThrow({ where: { id: coUnit.unitId }, select: { name: true } }) : undefined,
      ]);
      const content = noticeContent(notice, unit.name, coUnit && coUnitRow ? { ...coUnit, name: coUnitRow.name } : undefined);
      // The step's own audience (from the item type's ladder) when it names one.
      const targets = notice.notify ? notice.notify.map((target) => ({ role: target.role, unitId: target.unit === 'lead' ? snapshot.leadUnitId : notice.commissionUnitId })) : content.targets;
      const title = `${stepTitles[notice.stepKey]}：${snapshot.title}`;
      const body = content.body;

      let document: { title: string; html: string } | undefined;
      if (notice.stepKey === 'urge') {
        const today = shanghaiDateOf(new Date(notice.at));
        const year = Number(today.slice(0, 4));
        const calendar = WorkingCalendar.from(await calendars.loadCalendar({ fromYear: year - 1, toYear: year + 1 }));
        const overdue = snapshot.dueOn && snapshot.dueOn < today ? calendar.workingDaysInRange(snapshot.dueOn, today) : 0;
        const sequence = await nextDocumentSequence(db, year, notice.dedupKey, notice.at);
        document = {
          title: urgingNoticeTitle({ itemTitle: snapshot.title }),
          html: renderUrgingNotice({
            sequence,
            toUnitName: unit.name,
            itemTitle: snapshot.title,
            assignedOn: shanghaiDateOf(new Date(snapshot.clock.startedAt)),
            dueOn: snapshot.dueOn ?? today,
            workingDaysOverdue: overdue,
            reportBy: calendar.addWorkingDays(today, 3).date,
            issuedOn: today,
          }),
        };
      }
      await notifications.notify({
        dedupKey: notice.dedupKey,
        kind: `item.${notice.stepKey}`,
        title,
        body,
        itemId: snapshot.itemId,
        targets,
        document,
        at: notice.at,
      });
    },
  };
}

/** Who hears of a notice by default, and what it says. */
function noticeContent(notice: ItemStepNotice, leadName: string, coUnit?: CoUnitPart & { name: string }): { targets: { role: 'liaison' | 'unit_leader'; unitId: string }[]; body: string } {
  const { snapshot } = notice;
  const lead = [
    { role: 'liaison' as const, unitId: snapshot.leadUnitId },
    { role: 'unit_leader' as const, unitId: snapshot.leadUnitId },
  ];
  const lines = (...parts: string[]) => parts.join('\n');
  switch (notice.stepKey) {
    case 'assigned':
      // Every unit the item names, lead and co-organisers (a 转办 names its own people: the new lead).
      return {
        targets: [{ role: 'liaison', unitId: snapshot.leadUnitId }, ...snapshot.coUnits.map((part) => ({ role: 'liaison' as const, unitId: part.unitId }))],
        body: lines(
          `督办事项“${snapshot.title}”由${leadName}牵头办理${snapshot.coUnits.length > 0 ? `，${snapshot.coUnits.length} 个单位配合` : ''}。`,
          `签收期限 ${snapshot.signDueOn}，办理期限 ${snapshot.dueOn ?? '（计时已中止）'}${snapshot.coUnits[0]?.dueOn ? `，配合单位反馈期限 ${snapshot.coUnits[0].dueOn}` : ''}。`,
          notice.message ?? '请及时签收，按期办理并反馈。',
        ),
      };
    case 'co_overdue':
      // The co-organiser's liaison and 分管领导, and the lead's liaison, who waits on its report.
      return {
        targets: [
          { role: 'liaison', unitId: coUnit!.unitId },
          { role: 'unit_leader', unitId: coUnit!.unitId },
          { role: 'liaison', unitId: snapshot.leadUnitId },
        ],
        body: lines(
          `${coUnit!.name}：`,
          `督办事项“${snapshot.title}”由${leadName}牵头办理，贵单位为配合单位，反馈期限 ${coUnit!.dueOn ?? '（计时已中止）'} 已过，尚未反馈。`,
          notice.message ?? '请立即向牵头单位反馈办理情况；全部配合单位反馈后，牵头单位方能报送办理结果。',
        ),
      };
    case 'sign_overdue':
      return { targets: lead, body: lines(`${leadName}：`, `督办事项“${snapshot.title}”签收期限 ${snapshot.signDueOn} 已过，尚未签收。`, notice.message ?? '请立即签收；不属于本单位职责的，请说明理由退回。') };
    default:
      return { targets: lead, body: lines(`${leadName}：`, `督办事项“${snapshot.title}”${snapshot.dueOn ? `办理期限 ${snapshot.dueOn}` : '计时已中止'}。`, notice.message ?? '请抓紧办理并按时反馈。') };
  }
}

/** The notice's number within its year, fixed the first time this notice is numbered. */
async function nextDocumentSequence(db: Db, year: number, dedupKey: string, at: string): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${documentNumberLockKey}, ${year})`;
    const subjectOf = (key: string) => `urging-notice:${key}`;
    const existing = await tx.auditEvent.findFirst({ where: { subject: subjectOf(dedupKey), action: 'document.number' } });
    if (existing) return (existing.detail as { sequence: number }).sequence;
    // Numbers are dense (each given once, under the lock): the next is the year's newest plus one,
    // found from the newest numbering entries backwards (an index scan, not a count of them all).
    const newest = await tx.auditEvent.findFirst({
      where: { action: 'document.number', detail: { path: ['year'], equals: year } },
      orderBy: { seq: 'desc' },
      select: { detail: true },
    });
    const sequence = ((newest?.detail as { sequence?: number } | undefined)?.sequence ?? 0) + 1;
    await appendAudit(tx, {
      actorId: 'system',
      action: 'document.number',
      subject: subjectOf(dedupKey),
      detail: { year, sequence },
      dedupKey: `document-number:${dedupKey}`,
      at: new Date(at),
    });
    return sequence;
  });
}
