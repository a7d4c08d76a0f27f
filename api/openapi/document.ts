import { z } from 'zod';
import { errorCatalog } from '../../domain/errors';
import { stateChanging, type RouteDefinition } from '../http/route';

// The OpenAPI 3.1 document, generated from the route list and its zod schemas (JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Nothing here is written by hand per route.

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Path and query parameters, one per property of the object schema. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorCatalog) },
        message: { type: 'string', description: '给用户看的中文说明' },
        fields: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
};

export function openApiDocument(routes: readonly RouteDefinition[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const signedIn = route.access !== 'public';
    const headers = [
      ...(signedIn && stateChanging(route.method) ? [{ name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' }, description: '登录后取得的防伪令牌' }] : []),
      ...(route.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' }, description: '重复提交同一请求时只执行一次' }] : []),
    ];
    const success = String(route.status ?? 200);
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      'x-srdi-access': route.access,
      ...(signedIn ? {} : { security: [] }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query'), ...headers],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body) } } } } : {}),
      ...(route.upload
        ? { requestBody: { required: true, content: Object.fromEntries(route.upload.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary', maxLength: route.upload!.maxBytes } }])) } }
        : {}),
      responses: {
        [success]: { description: '成功' },
        '400': { $ref: '#/components/responses/Error' },
        ...(signedIn ? { '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' } } : {}),
        default: { $ref: '#/components/responses/Error' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SRDI Flow 专精特新督办平台 API',
      version: info.version,
      description: '所有接口在 /api/v1 之下。登录后浏览器持有会话 Cookie；修改数据的请求须带 X-CSRF-Token。错误统一为 {"error":{"code","message"}}。',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'srdi_session' } },
      schemas: { Error: errorSchema },
      responses: { Error: { description: '错误（代码与中文说明）', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
    paths,
  };
}
