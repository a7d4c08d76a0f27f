import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors';

const key = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);

/** The optional Idempotency-Key header; a retried request with the same key acts once. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.header('idempotency-key');
  if (value === undefined) return undefined;
  if (!key.safeParse(value).success) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'Idempotency-Key', message: '须为 8-128 位字母、数字、-、_' }] });
  }
  return value;
}
