import { z } from 'zod';
import { AppError } from '../../domain/errors';

// zod's own messages (a wrong type, a number out of range …) in Chinese, like ours: people read them.
z.config(z.locales.zhCN());

/** Parses untrusted input at the boundary; code past this point trusts its types. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      fieldErrors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
    });
  }
  return parsed.data;
}
