import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { z } from 'zod';
import { AppError, errorCatalog } from '../../domain/errors';
import { answerClientErrors, errorHandler, notFoundRoute } from '../../api/http/errors';
import { parseInput } from '../../api/http/validate';

// The one error model, on a bare Express app: code, status and Chinese message; never a stack.
function appWith(route: express.RequestHandler, bodyLimit = '1kb') {
  const app = express();
  app.use(pinoHttp({ logger: pino({ level: 'silent' }) }));
  app.use(express.json({ limit: bodyLimit }));
  app.post('/thing', route);
  app.get('/thing/:id', route);
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}

describe('the error model over HTTP', () => {
  test('an unknown route is a 404 with a code and a Chinese message', async () => {
    const response = await request(appWith(() => undefined)).get('/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: errorCatalog.ROUTE_NOT_FOUND.message });
  });

  test('an invalid body is a 400 listing each field', async () => {
    const schema = z.strictObject({ name: z.string().min(1), count: z.number().int() });
    const response = await request(appWith((req, res) => void res.json(parseInput(schema, req.body)))).post('/thing').send({ name: '', count: 1.5 });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['count', 'name']);
  });

  test('malformed JSON and oversized bodies get their own codes', async () => {
    const app = appWith((_req, res) => void res.json({}));
    const malformed = await request(app).post('/thing').set('content-type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const large = await request(app).post('/thing').send({ text: 'x'.repeat(5000) });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a charset or compression the body parser does not take is a 415, a body that does not inflate a 400', async () => {
    const app = appWith((_req, res) => void res.json({}));
    for (const headers of [{ 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/json', 'content-encoding': 'x-unknown' }]) {
      const response = await request(app).post('/thing').set(headers).send('{}');
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const garbage = await request(app).post('/thing').set({ 'content-type': 'application/json', 'content-encoding': 'gzip' }).send('{}');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('MALFORMED_JSON');
  });

  test('a path parameter that is not valid percent-encoding is a 400, not a 500', async () => {
    const response = await request(appWith((_req, res) => void res.json({}))).get('/thing/%ZZ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('U+0000 and lone surrogates, which PostgreSQL cannot store, are refused with the field named', async () => {
    const schema = z.strictObject({ name: z.string(), tags: z.array(z.string()) });
    const app = appWith((req, res) => void res.json(parseInput(schema, req.body)));
    const response = await request(app).post('/thing').set('content-type', 'application/json').send('{"name":"a\\u0000b","tags":["ok","\\udfff"]}');
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path)).toEqual(['name', 'tags.1']);
    expect((await request(app).post('/thing').send({ name: '正常 😀', tags: [] })).status).toBe(200);
  });

  test('a body nested 20,000 levels deep (within the API’s 100 kb) is a 400 naming the limit, not a 500', async () => {
    const schema = z.strictObject({ name: z.string() });
    const app = appWith((req, res) => void res.json(parseInput(schema, req.body)), '100kb');
    const response = await request(app).post('/thing').set('content-type', 'application/json').send(`{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.fields[0].message).toContain('嵌套层级过深');
  });

  test('an unexpected failure is a 500 with no stack trace or internal message', async () => {
    const response = await request(
      appWith(() => {
        throw new Error('secret internal detail at /srv/app.ts:42');
      }),
    ).post('/thing').send({});
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({ code: 'INTERNAL', message: errorCatalog.INTERNAL.message });
    expect(JSON.stringify(response.body)).not.toMatch(/secret|app\.ts|at /);
  });

  test('a domain error keeps its status and user message', async () => {
    const response = await request(
      appWith(() => {
        throw new AppError('INVALID_STATE', { userMessage: '事项已办结' });
      }),
    ).post('/thing').send({});
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'INVALID_STATE', message: '事项已办结' });
  });

  test('a request Node cannot parse (headers over 16 KB) still gets the envelope', async () => {
    const server = http.createServer(appWith(() => undefined));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/thing?${'q='.padEnd(20_000, 'x')}`);
      expect(response.status).toBe(431);
      expect(await response.json()).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: errorCatalog.HEADERS_TOO_LARGE.message } });
    } finally {
      server.close();
    }
  });
});
