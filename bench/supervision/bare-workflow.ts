import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

// The floor a supervised item is compared with: a workflow that takes the same Updates and does
// nothing else (no activities, no database, no timers).

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
