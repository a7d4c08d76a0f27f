import request from 'supertest';
import pino from 'pino';
import { apiRoutes, defaultSecurityDeps } from '../../api/app';
import { startAccessApp, type AccessApp } from '../support/access-app';

// The API document is generated from the routes' own schemas: every route is in it, with its
// access and inputs, and the interactive page serves from this host (no CDN).

let access: AccessApp;

beforeAll(async () => {
  access = await startAccessApp();
});

afterAll(async () => {
  await access?.stop();
});

test('OpenAPI 3.1 lists every route once, with its capability, parameters, body and the error envelope', async () => {
  const response = await request(access.app).get('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  const document = response.body;
  expect(document.openapi).toBe('3.1.0');
  const routes = apiRoutes({ db: access.database.db, temporal: access.temporal, taskQueue: 'x', logger: pino({ level: 'silent' }), bodyLimit: '100kb', security: defaultSecurityDeps() });
  const operations = Object.entries(document.paths as Record<string, Record<string, { operationId: string; 'x-srdi-access': string }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, ...operation })),
  );
  expect(operations.map((operation) => operation.operationId).sort()).toEqual(routes.map((route) => route.operationId).sort());
  for (const route of routes) {
    const operation = operations.find((candidate) => candidate.operationId === route.operationId)!;
    expect({ id: route.operationId, path: operation.path, method: operation.method, access: operation['x-srdi-access'] }).toEqual({
      id: route.operationId,
      path: route.path.replace(/:([A-Za-z]+)/g, '{$1}'),
      method: route.method,
      access: route.access,
    });
  }
  const sign = document.paths['/items/{itemId}/request-extension'].post;
  expect(sign.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(['path:itemId', 'header:X-CSRF-Token', 'header:Idempotency-Key']);
  expect(sign.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['days', 'reason', 'progress'], additionalProperties: false });
  expect(document.paths['/auth/login'].post.security).toEqual([]);
  expect(Object.keys(document.paths['/items/{itemId}/attachments'].post.requestBody.content)).toContain('application/pdf');
  expect(document.components.schemas.Error.properties.error.properties.code.enum).toContain('CSRF_REJECTED');
});

test('the interactive documentation page and its assets come from this host, under the CSP', async () => {
  const page = await request(access.app).get('/docs');
  expect(page.status).toBe(200);
  expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
  expect(page.text).not.toMatch(/https?:\/\//);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js']) {
    const response = await request(access.app).get(asset);
    expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
  }
  expect((await request(access.app).get('/docs/init.js')).text).toContain('/api/v1/openapi.json');
});
