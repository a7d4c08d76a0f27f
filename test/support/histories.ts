import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJson } from './history-json';
import { projectRoot } from './paths';

/** Where the replay test (test/replay/replay.test.ts) looks for recorded histories, one folder per workflow type. */
export const historiesRoot = path.join(projectRoot, 'test', 'replay', 'histories');

/** True when this run should (re)write recorded histories: `SRDI_RECORD_HISTORIES=1`. */
export const recordingHistories = () => process.env.SRDI_RECORD_HISTORIES === '1';

/**
 * Writes the history of a workflow a test has driven to
 * test/replay/histories/<workflowType>/<scenario>.json, only when SRDI_RECORD_HISTORIES=1 (a
 * normal run never touches the committed files). The workflow type is read from the history,
 * so a caller cannot file it under the wrong folder.
 */
export async function recordHistory(client: Client, workflowId: string, scenario: string): Promise<string | undefined> {
  if (!recordingHistories()) return undefined;
  const handle = client.workflow.getHandle(workflowId);
  const [{ type }, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
  const file = path.join(historiesRoot, type, `${scenario}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${historyToJson(history)}\n`);
  return file;
}
