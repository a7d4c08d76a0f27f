import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

// The SDK's historyFromJSON / historyToJSON (@temporalio/common/lib/proto-utils) throw "type must
// be a Type" in this install: @temporalio/common and @temporalio/proto each carry their own copy
// of protobufjs 8 (the root protobufjs is 7, for @grpc/proto-loader), and the JSON codec of one
// copy rejects the message types built by the other. These two functions do the same with the
// codec of the copy that built the types, wherever npm placed it.

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

const protoPackageDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoPackageDir] })) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** A history in the proto JSON form (Temporal CLI, Web UI, historyToJSON) as the replayer takes it. */
export function historyFromJson(json: unknown): History {
  // Fields a newer server adds are ignored, as the SDK does.
  const loaded = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (loaded === null || typeof loaded !== 'object') throw new TypeError('not a workflow history');
  return loaded as History;
}

/** A fetched history as proto JSON text, the form the Temporal CLI writes. */
export function historyToJson(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return JSON.stringify(protojson.toJson(historyType, message), null, 2);
}
