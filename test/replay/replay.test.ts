import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ReplayResult } from '@temporalio/worker';
import * as workflows from '../../workflows';
import { historiesRoot } from '../support/histories';
import { historyFromJson } from '../support/history-json';
import { installQuietRuntime, testWorkflowBundle } from '../support/temporal';

// Every recorded history under test/replay/histories/<workflowType>/*.json is replayed against the
// current workflow code (the same bundle the worker runs). A change to a released workflow that
// is not guarded by patched() makes its old histories fail here with a nondeterminism error.
// Recording a history: see "Recorded histories" in README.md (SRDI_RECORD_HISTORIES=1).

interface RecordedHistory {
  type: string;
  file: string;
  /** The replay's workflow id: <type>/<file>, so a failure names the file. */
  id: string;
}

const workflowTypes = Object.entries(workflows)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

const recorded: RecordedHistory[] = readdirSync(historiesRoot)
  .filter((type) => statSync(path.join(historiesRoot, type)).isDirectory())
  .sort()
  .flatMap((type) =>
    readdirSync(path.join(historiesRoot, type))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({ type, file, id: `${type}/${file}` })),
  );

const historyOf = (entry: RecordedHistory) => JSON.parse(readFileSync(path.join(historiesRoot, entry.type, entry.file), 'utf8'));
const startedType = (history: { events?: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] }) =>
  history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

const results = new Map<string, ReplayResult>();

beforeAll(async () => {
  installQuietRuntime();
  // One replay worker for every history: each replays in its own workflow sandbox.
  const histories = recorded.map((entry) => ({ workflowId: entry.id, history: historyFromJson(historyOf(entry)) }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testWorkflowBundle() } }, histories)) {
    results.set(result.workflowId, result);
  }
}, 120_000);

test('every workflow type the worker registers has at least one recorded history', () => {
  const withHistory = new Set(recorded.map((entry) => entry.type));
  expect(workflowTypes.filter((type) => !withHistory.has(type))).toEqual([]);
});

test('every history folder is named after an exported workflow type', () => {
  expect([...new Set(recorded.map((entry) => entry.type))].filter((type) => !workflowTypes.includes(type))).toEqual([]);
});

test.each(recorded.map((entry) => [entry.id, entry] as const))('%s replays deterministically', (_id, entry) => {
  expect(startedType(historyOf(entry))).toBe(entry.type);
  const result = results.get(entry.id);
  expect(result).toBeDefined();
  expect(result?.error ? `${result.error.name}: ${result.error.message}` : undefined).toBeUndefined();
});
