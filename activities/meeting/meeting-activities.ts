import type { Db } from '../../runtime/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { openItemStates } from '../../domain/supervision/item-state';
import type { MeetingDecisionInput } from '../../domain/meeting/meeting';
import { toDateColumn } from '../../prisma/date-column';
import { appendAudit } from '../audit/audit-log';

const agendaLimit = 200;

export function createMeetingActivities(db: Db) {
  /** 议题: open enterprise difficulties and overdue items, as they stand when the cycle starts. */
  async function compileAgenda(today: string) {
    const [difficulties, overdue] = await Promise.all([
      db.$queryRaw<{ difficultyId: string; title: string; category: string; enterprise: string; itemId: string; leadUnitId: string; leadUnit: string; dueOn: string | null; colour: string; state: string }[]>`
        SELECT d.id AS "difficultyId", d.title, d.category, e.name AS enterprise, i.id AS "itemId", i.lead_unit_id AS "leadUnitId", u.name AS "leadUnit",
               to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", i.colour::text AS colour, i.state::text AS state
          FROM difficulty d
          JOIN enterprise e ON e.id = d.enterprise_id
          JOIN supervised_item i ON i.source_kind = 'difficulty' AND i.source_id = d.id
          JOIN unit u ON u.id = i.lead_unit_id
         WHERE d.state = 'assigned' AND i.state::text = ANY(${[...openItemStates]})
         ORDER BY i.due_on NULLS LAST, d.id
         LIMIT ${agendaLimit}`,
      db.$queryRaw<{ itemId: string; title: string; type: string; leadUnitId: string; leadUnit: string; dueOn: string; escalation: string | null }[]>`
        SELECT i.id AS "itemId", i.title, i.type, i.lead_unit_id AS "leadUnitId", u.name AS "leadUnit", to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", i.escalation
          FROM supervised_item i JOIN unit u ON u.id = i.lead_unit_id
         WHERE i.state::text = ANY(${[...openItemStates]}) AND i.due_on < ${toDateColumn(today)}::date
         ORDER BY i.due_on, i.id
         LIMIT ${agendaLimit}`,
    ]);
    return { difficulties, overdueItems: overdue };
  }

  /**
   * 上次议定事项落实情况: every decision of an earlier meeting whose item is still open, and all
   * decisions of the last meeting held, with where their items stand.
   */
  async function compileBulletin(meetingId: string) {
    return db.$queryRaw<{ meetingTitle: string; seq: number; text: string; itemId: string | null; leadUnit: string; state: string | null; dueOn: string | null; colour: string | null }[]>`
      WITH last_held AS (SELECT id FROM meeting WHERE state = 'held' AND id <> ${meetingId} ORDER BY held_on DESC, created_at DESC LIMIT 1)
      SELECT m.title AS "meetingTitle", md.seq, md.text, md.item_id AS "itemId", u.name AS "leadUnit",
             i.state::text AS state, to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", i.colour::text AS colour
        FROM meeting_decision md
        JOIN meeting m ON m.id = md.meeting_id
        JOIN unit u ON u.id = md.lead_unit_id
        LEFT JOIN supervised_item i ON i.id = md.item_id
       WHERE m.id <> ${meetingId}
         AND (m.id IN (SELECT id FROM last_held) OR i.state::text = ANY(${[...openItemStates]}))
       ORDER BY m.held_on, m.created_at, md.seq`;
  }

  return {
    /** Creates the meeting with its agenda and bulletin once; a retry finds it and changes nothing. */
    async prepareMeeting(input: { meetingId: string; workflowId: string; scheduledOn?: string; convenedBy: string; at: string }): Promise<{ title: string }> {
      const existing = await db.meeting.findUnique({ where: { id: input.meetingId }, select: { title: true } });
      if (existing) return existing;
      const scheduledOn = input.scheduledOn ?? shanghaiDateOf(new Date(input.at));
      const year = Number(scheduledOn.slice(0, 4));
      const [agenda, bulletin] = await Promise.all([compileAgenda(scheduledOn), compileBulletin(input.meetingId)]);
      return db.$transaction(async (tx) => {
        // The number within the year: serialised per year so two cycles never share one.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(72101781, ${year})`;
        const again = await tx.meeting.findUnique({ where: { id: input.meetingId }, select: { title: true } });
        if (again) return again;
        const number = (await tx.meeting.count({ where: { year } })) + 1;
        const title = `${year}年第${number}次专精特新企业培育联席会议`;
        await tx.meeting.create({
          data: {
            id: input.meetingId,
            workflowId: input.workflowId,
            title,
            year,
            number,
            scheduledOn: toDateColumn(scheduledOn),
            state: 'preparing',
            agenda,
            bulletin,
            convenedBy: input.convenedBy,
            createdAt: new Date(input.at),
            updatedAt: new Date(input.at),
          },
        });
        await appendAudit(tx, {
          actorId: input.convenedBy,
          action: 'meeting.prepare',
          subject: `meeting:${input.meetingId}`,
          detail: { title, scheduledOn, difficulties: agenda.difficulties.length, overdueItems: agenda.overdueItems.length, bulletin: bulletin.length },
          dedupKey: `meeting:${input.meetingId}:prepare`,
          at: new Date(input.at),
        });
        return { title };
      });
    },

    /** Minutes and decisions, once: only a meeting still in preparation moves to held. */
    async recordMinutes(input: { meetingId: string; heldOn: string; minutes: string; decisions: MeetingDecisionInput[]; recordedBy: string; idempotencyKey?: string; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const moved = await tx.meeting.updateMany({
          where: { id: input.meetingId, state: 'preparing' },
          data: { state: 'held', heldOn: toDateColumn(input.heldOn), minutes: input.minutes, recordedBy: input.recordedBy, minutesKey: input.idempotencyKey ?? null, updatedAt: new Date(input.at) },
        });
        if (moved.count === 0) return;
        await tx.meetingDecision.createMany({
          data: input.decisions.map((decision, index) => ({ meetingId: input.meetingId, seq: index + 1, text: decision.text, leadUnitId: decision.leadUnitId, coUnitIds: decision.coUnitIds })),
          skipDuplicates: true,
        });
        await appendAudit(tx, {
          actorId: input.recordedBy,
          action: 'meeting.minutes',
          subject: `meeting:${input.meetingId}`,
          detail: { heldOn: input.heldOn, decisions: input.decisions.length },
          dedupKey: `meeting:${input.meetingId}:minutes`,
          at: new Date(input.at),
        });
      });
    },

    /** Links each decision to its supervised item; writing the same link again changes nothing. */
    async linkDecisionItems(meetingId: string, links: { seq: number; itemId: string }[]): Promise<void> {
      await db.$transaction(links.map((link) => db.meetingDecision.updateMany({ where: { meetingId, seq: link.seq, itemId: null }, data: { itemId: link.itemId } })));
    },

    async lapseMeeting(meetingId: string, at: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const moved = await tx.meeting.updateMany({ where: { id: meetingId, state: 'preparing' }, data: { state: 'lapsed', updatedAt: new Date(at) } });
        if (moved.count === 0) return;
        await appendAudit(tx, { actorId: 'system', action: 'meeting.lapse', subject: `meeting:${meetingId}`, detail: {}, dedupKey: `meeting:${meetingId}:lapse`, at: new Date(at) });
      });
    },
  };
}
