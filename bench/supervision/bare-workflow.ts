import { allHandlersFinished, condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

// The floor a supervised item is compared with: a workflow that takes the same Updates and does
// nothing else (no activities, no database, no timers). And the floor of the item's design: the
// same, with one local activity per Update that does nothing (an item's Update answers only once
// its local activity has written the read model).

export const bareReadyUpdate = defineUpdate<number>('ready');
export const bareStepUpdate = defineUpdate<number, [string]>('step');

export async function bareWorkflow(steps: number): Promise<number> {
  let done = 0;
  setHandler(bareReadyUpdate, () => done);
  setHandler(bareStepUpdate, () => ++done, {
    validator: (name) => {
      if (name.length === 0) throw new Error('step needs a name');
    },
  });
  await condition(() => done >= steps);
  return done;
}

export const bareActivities = { async recordNothing(): Promise<void> {} };
const { recordNothing } = proxyLocalActivities<typeof bareActivities>({ startToCloseTimeout: '10 seconds' });

export async function bareLocalActivityWorkflow(steps: number): Promise<number> {
  let done = 0;
  let recorded = false;
  setHandler(bareReadyUpdate, async () => {
    await condition(() => recorded);
    return done;
  });
  setHandler(
    bareStepUpdate,
    async () => {
      done += 1;
      await recordNothing();
      return done;
    },
    {
      validator: (name) => {
        if (name.length === 0) throw new Error('step needs a name');
      },
    },
  );
  await recordNothing(); // the item records its creation before it answers "ready"
  recorded = true;
  await condition(() => done >= steps && allHandlersFinished());
  return done;
}
