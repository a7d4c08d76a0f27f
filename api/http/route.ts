import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { requireCapability, type Capability } from '../../domain/access/policy';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import type { Authenticated, SessionStage } from '../../activities/access/authentication';
import { AppError } from '../../domain/errors';
import { bindCaller } from './idempotency';
import { parseInput } from './validate';

// Every API route is declared once, as data: method, path, the capability it needs, its input
// schemas and its handler. The router, the OpenAPI document, the access-matrix test and the fuzz
// test all read this one list, so none of them can miss a route.

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
}

export interface SignedInContext<P, Q, B> extends RouteContext<P, Q, B> {
  principal: Principal;
  auth: Authenticated;
  /** An upload route's file: its bytes and declared media type. */
  file?: { bytes: Buffer; contentType: string };
}

interface RouteBase<P, Q, B> {
  /** Unique, stable: the OpenAPI operationId and the access matrix's row. */
  operationId: string;
  method: HttpMethod;
  /** Express style, under /api/v1: '/items/:itemId'. */
  path: string;
  tag: string;
  /** Chinese, for the API documentation. */
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Accepts an Idempotency-Key header: a retried request acts once. */
  idempotent?: boolean;
  /** Status of a successful answer when the handler does not set one. */
  status?: number;
  /** The body is a file, not JSON: its media types and size limit. It is read only after access is checked. */
  upload?: { contentTypes: readonly string[]; maxBytes: number };
}

export interface PublicRoute<P, Q, B> extends RouteBase<P, Q, B> {
  access: 'public';
  handle(context: RouteContext<P, Q, B>): Promise<unknown>;
}

export interface SignedInRoute<P, Q, B> extends RouteBase<P, Q, B> {
  access: Capability;
  /** Stages of an unfinished sign-in this route also serves (default: only a completed sign-in). */
  stages?: readonly SessionStage[];
  handle(context: SignedInContext<P, Q, B>): Promise<unknown>;
}

export type RouteDefinition<P = unknown, Q = unknown, B = unknown> = PublicRoute<P, Q, B> | SignedInRoute<P, Q, B>;

// Inference helpers: the handler's context is typed from the schemas given.
export function publicRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(route: PublicRoute<P, Q, B>): RouteDefinition {
  return route as RouteDefinition;
}

export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(definition: SignedInRoute<P, Q, B>): RouteDefinition {
  return definition as RouteDefinition;
}

export const stateChanging = (method: HttpMethod) => method !== 'get';

export interface RouteMountDeps {
  /** Resolves the request's session, or throws 401; checks the CSRF token on state-changing requests. */
  authenticate(req: Request, options: { csrf: boolean }): Promise<Authenticated>;
  /** Records a denied request in the audit (a security event). */
  denied(req: Request, principal: Principal, operationId: string, code: string): Promise<void>;
}

const stageErrors: Record<Exclude<SessionStage, 'active'>, 'SECOND_FACTOR_REQUIRED' | 'TOTP_ENROLMENT_REQUIRED' | 'PASSWORD_CHANGE_REQUIRED'> = {
  second_factor: 'SECOND_FACTOR_REQUIRED',
  totp_enrolment: 'TOTP_ENROLMENT_REQUIRED',
  password_change: 'PASSWORD_CHANGE_REQUIRED',
};

/**
 * The order is the contract the tests hold us to: who you are (401), whether your sign-in is
 * complete and your role may use the route at all (403), and only then what you sent (400), so
 * nobody learns a route's input rules without the right to use it.
 */
function handlerFor(definition: RouteDefinition, deps: RouteMountDeps): RequestHandler {
  const readFile = definition.upload ? express.raw({ type: () => true, limit: definition.upload.maxBytes }) : undefined;
  return async (req, res) => {
    const input = () => ({
      params: definition.params ? parseInput(definition.params, req.params) : {},
      query: definition.query ? parseInput(definition.query, req.query) : {},
      body: definition.body ? parseInput(definition.body, req.body ?? {}) : undefined,
    });
    let result: unknown;
    if (definition.access === 'public') {
      checkMediaType(definition, req);
      result = await definition.handle({ req, res, ...(input() as { params: unknown; query: unknown; body: unknown }) });
    } else {
      const auth = await deps.authenticate(req, { csrf: stateChanging(definition.method) });
      const { principal } = auth;
      bindCaller(req, auditActorOf(principal));
      try {
        if (auth.stage !== 'active' && !definition.stages?.includes(auth.stage)) throw new AppError(stageErrors[auth.stage]);
        requireCapability(principal, definition.access);
        checkMediaType(definition, req);
        const parsed = input() as { params: unknown; query: unknown; body: unknown };
        const file = readFile ? await readBody(readFile, req, res) : undefined;
        result = await definition.handle({ req, res, principal, auth, ...parsed, file });
      } catch (error) {
        if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'WRONG_UNIT')) await deps.denied(req, principal, definition.operationId, error.code);
        throw error;
      }
    }
    if (res.headersSent) return;
    if (result === undefined) res.status(definition.status ?? 204).end();
    else res.status(res.statusCode !== 200 ? res.statusCode : definition.status ?? 200).json(result);
  };
}

/** JSON everywhere, except an upload route's own media types; a body on a GET is ignored. */
function checkMediaType(definition: RouteDefinition, req: Request): void {
  // An upload says what it is: without a type, any bytes would pass as the file.
  if (definition.upload && req.headers['content-type'] === undefined) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { userMessage: '上传文件时须注明文件类型（Content-Type）' });
  if (!stateChanging(definition.method) || req.headers['content-length'] === '0' || req.headers['content-type'] === undefined) return;
  if (definition.upload) {
    if (!definition.upload.contentTypes.some((type) => req.is(type))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { userMessage: '不支持的文件类型' });
  } else if (!req.is('application/json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
}

async function readBody(parser: RequestHandler, req: Request, res: Response): Promise<{ bytes: Buffer; contentType: string }> {
  await new Promise<void>((resolve, reject) => {
    void parser(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return { bytes, contentType: (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() };
}

export function mountRoutes(definitions: readonly RouteDefinition[], deps: RouteMountDeps): Router {
  const ids = new Set<string>();
  const router = Router();
  for (const definition of definitions) {
    if (ids.has(definition.operationId)) throw new Error(`duplicate operationId ${definition.operationId}`);
    ids.add(definition.operationId);
    router[definition.method](definition.path, handlerFor(definition, deps));
  }
  return router;
}
