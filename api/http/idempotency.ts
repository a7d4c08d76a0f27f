import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors';

const key = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);

/** Who sent each authenticated request (set by the route layer once the session is checked). */
const callers = new WeakMap<Request, string>();

export function bindCaller(req: Request, caller: string): void {
  callers.set(req, caller);
}

/**
 * The optional Idempotency-Key header; a retried request with the same key acts once. The key is
 * the caller's own and the route's: it is namespaced by who sent it and to which path, so another
 * person (or the same person on another object) reusing a key never receives the first
 * request's result in place of their own action.
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.header('idempotency-key');
  if (value === undefined) return undefined;
  if (!key.safeParse(value).success) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'Idempotency-Key', message: '须为 8-128 位字母、数字、-、_' }] });
  }
  const caller = callers.get(req);
  // Public routes have no caller: their keys are the anonymous sender's, still scoped to the path.
  const sender = caller ?? 'anonymous';
  return createHash('sha256').update(sender).update('\0').update(req.method).update('\0').update(`${req.baseUrl}${req.path}`).update('\0').update(value).digest('base64url');
}

/**
 * An action the read model says is no longer possible is refused with `refusal`, unless it carries
 * its key: then it may be the retry of one that succeeded (its answer lost on the way), which the
 * workflow answers with the first outcome. Whatever else the workflow says to it (it refuses it,
 * or has ended and takes no Update), the answer is still `refusal`.
 */
export async function unlessRetried<T>(stateAllows: boolean, key: string | undefined, refusal: AppError, act: () => Promise<T>): Promise<T> {
  if (stateAllows) return act();
  if (key === undefined) throw refusal;
  try {
    return await act();
  } catch {
    throw refusal;
  }
}
