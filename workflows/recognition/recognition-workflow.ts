import { ApplicationFailure, ParentClosePolicy, allHandlersFinished, condition, proxyActivities, setHandler, sleep, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { shanghaiDateOf, shanghaiDayStart } from '../../domain/calendar';
import { stepLabels, tierLabels, type ApplicationProgress, type ApplicationState, type CriteriaCheck, type DecisionRequest, type PlannedStep, type RecognitionInput, type TierGrant } from '../../domain/recognition/recognition';
import type { ItemSnapshot } from '../../domain/supervision/item';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import { applicationRegisteredUpdate, decideStepUpdate } from './messages';

const { registerApplication, startRecognitionStep, linkRecognitionStepItem, recordRecognitionDecision, finishRecognitionStepItem, linkRecheckItem } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const refuse = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * 梯度培育认定申报: one application, step after step (data: the tier's steps), each step a
 * supervised item assigned to the commission with its own deadline. A refusal ends it; the last
 * step's pass records the recognition, and the workflow then waits until the re-check reminder
 * is due (N working days before the recognition expires) and assigns the re-check as an item.
 */
export async function recognitionWorkflow(input: RecognitionInput & { criteriaCheck: CriteriaCheck }): Promise<{ applicationId: string; state: ApplicationState }> {
  let state: ApplicationState = 'in_review';
  let current: { step: PlannedStep; itemId?: string } | undefined;
  let deciding = false;
  let grant: { grant: TierGrant; tierId: string } | undefined;
  const decided = new Set<number>();
  const registered = new Map<string, ItemSnapshot>();

  const progress = (): ApplicationProgress => ({
    applicationId: input.applicationId,
    state,
    currentStep: state === 'in_review' ? (current?.step.kind ?? null) : null,
    itemId: state === 'in_review' ? (current?.itemId ?? null) : null,
  });
  // Settled: the application has moved on, and its next step (if any) has its item.
  const settled = () => state !== 'in_review' || current?.itemId !== undefined;

  setHandler(itemRegisteredSignal, (snapshot) => {
    registered.set(snapshot.itemId, snapshot);
  });
  setHandler(applicationRegisteredUpdate, async () => {
    await condition(settled);
    return progress();
  });
  setHandler(
    decideStepUpdate,
    async (request: DecisionRequest) => {
      const step = current!.step;
      const itemId = current!.itemId!;
      deciding = true;
      const at = new Date().toISOString();
      const final = step.seq === input.steps.length;
      const outcome = await recordRecognitionDecision({
        application: input,
        seq: step.seq,
        final,
        decision: request.decision,
        recognisedOn: request.decision.recognisedOn ?? shanghaiDateOf(new Date(at)),
        actorId: request.actor.userId,
        at,
      });
      const verdict = request.decision.decision === 'pass' ? '通过' : '不通过';
      await finishRecognitionStepItem({ itemId, actor: request.actor, result: `${stepLabels[step.kind]}${verdict}：${request.decision.comment}` });
      if (outcome.grant && outcome.tierId) grant = { grant: outcome.grant, tierId: outcome.tierId };
      state = request.decision.decision === 'reject' ? 'rejected' : final ? 'recognised' : 'in_review';
      decided.add(step.seq);
      deciding = false;
      await condition(() => state !== 'in_review' || (current !== undefined && current.step.seq > step.seq && current.itemId !== undefined));
      return progress();
    },
    {
      validator: (request: DecisionRequest) => {
        if (state !== 'in_review') refuse('INVALID_STATE', '该申报已办结，不能再作决定');
        if (!current?.itemId || deciding) refuse('ITEM_NOT_READY', '该申报的上一步尚在登记中，请稍后重试');
        if (request.actor.unitId !== input.commissionUnitId) refuse('FORBIDDEN', '仅区经济信息委可办理认定步骤');
        if (request.decision.step !== current!.step.kind) refuse('INVALID_STATE', `当前步骤为“${stepLabels[current!.step.kind]}”，不能办理“${stepLabels[request.decision.step] ?? request.decision.step}”`);
      },
    },
  );

  const assign = async (itemId: string, title: string, policy: ItemTypePolicy) => {
    await startChild(supervisedItemWorkflow, {
      workflowId: `item-${itemId}`,
      args: [
        {
          itemId,
          title,
          source: { kind: 'recognition', id: input.applicationId },
          leadUnitId: input.commissionUnitId,
          coUnitIds: [],
          commissionUnitId: input.commissionUnitId,
          policy,
          assignedAt: new Date().toISOString(),
          createdBy: input.appliedBy,
        },
      ],
      typedSearchAttributes: [
        { key: unitAttribute, value: input.commissionUnitId },
        { key: itemTypeAttribute, value: policy.type },
      ],
      // The application ends when its step is decided; the item closes in the same breath, and a
      // re-check item outlives the application by design.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await condition(() => registered.has(itemId));
  };

  await registerApplication({ ...input, workflowId: workflowInfo().workflowId });
  const tierName = tierLabels[input.tier];
  for (const step of input.steps) {
    current = { step };
    const itemId = uuid4();
    await startRecognitionStep({ applicationId: input.applicationId, seq: step.seq, kind: step.kind, at: new Date().toISOString() });
    await assign(itemId, `${input.enterpriseName}申报${tierName}：${stepLabels[step.kind]}`, step.policy);
    await linkRecognitionStepItem({ applicationId: input.applicationId, seq: step.seq, itemId });
    current.itemId = itemId;
    await condition(() => decided.has(step.seq));
    if (state !== 'in_review') break;
  }
  await condition(allHandlersFinished);

  if ((state as ApplicationState) === 'recognised' && grant) {
    // 到期复核: wait (durably, for years) until the reminder day, then assign the re-check.
    const wait = shanghaiDayStart(grant.grant.recheckOn).getTime() - Date.now();
    if (wait > 0) await sleep(wait);
    const itemId = uuid4();
    await assign(itemId, `${input.enterpriseName}${tierName}认定将于 ${grant.grant.validUntil} 到期：复核提醒`, input.recheckPolicy);
    await linkRecheckItem({ tierId: grant.tierId, itemId });
  }
  return { applicationId: input.applicationId, state };
}
