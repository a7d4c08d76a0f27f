import { z } from 'zod';
import { AppError } from '../../domain/errors';

// zod's own messages (a wrong type, a number out of range …) in Chinese, like ours: people read them.
z.config(z.locales.zhCN());

// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not text at all (Prisma
// fails to encode it): either one in any field would otherwise surface as a 500, or as a
// workflow activity that retries forever.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || loneSurrogate.test(text);

function unstorablePaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return unstorable(value) ? [path.join('.') || '(body)'] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, entry]) => unstorablePaths(entry, [...path, key]));
}

/** Parses untrusted input at the boundary; code past this point trusts its types. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const unreadable = unstorablePaths(input);
  if (unreadable.length > 0) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: unreadable.slice(0, 20).map((path) => ({ path, message: '含有不允许的字符（U+0000 或不成对的代理项）' })) });
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      fieldErrors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
    });
  }
  return parsed.data;
}
