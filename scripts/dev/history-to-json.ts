import { readFileSync, writeFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';

// Converts a history a test saved as a plain protobuf object (see test/integration/recognition.test.ts)
// into the canonical proto3 JSON history (the format `temporal workflow show --output json` writes):
//   tsx scripts/dev/history-to-json.ts <raw.json> <history.json>
// @temporalio/common's historyToJSON cannot be used here: its protojson comes from a nested
// protobufjs 8 that rejects the proto package's protobufjs 7 types ("type must be a Type"), so
// the descriptor is loaded into protobufjs 8 first.
/* eslint-disable @typescript-eslint/no-require-imports */
const protobuf8 = require('@temporalio/common/node_modules/protobufjs') as typeof import('protobufjs');
const { toJson } = require('@temporalio/common/node_modules/protobufjs/ext/protojson') as { toJson(type: unknown, message: unknown): unknown };
const root7 = require('@temporalio/proto/protos/json-module') as { toJSON(): import('protobufjs').INamespace };
/* eslint-enable @typescript-eslint/no-require-imports */

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: tsx scripts/dev/history-to-json.ts <raw.json> <history.json>');
const raw = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(input, 'utf8')));
const type = protobuf8.Root.fromJSON(root7.toJSON()).lookupType('temporal.api.history.v1.History');
const message = type.decode(temporal.api.history.v1.History.encode(raw).finish());
writeFileSync(output, `${JSON.stringify(toJson(type, message), null, 2)}\n`);
