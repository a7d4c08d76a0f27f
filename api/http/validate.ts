import { z } from 'zod';
import { AppError } from '../../domain/errors';

// zod's own messages (a wrong type, a number out of range …) in Chinese, like ours: people read them.
z.config(z.locales.zhCN());

// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not text at all (Prisma
// fails to encode it): either one in any field would otherwise surface as a 500, or as a
// workflow activity that retries forever.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || loneSurrogate.test(text);

/** Deeper than any of our bodies: a 4 KB body of nested brackets must not exhaust the stack. */
const maxDepth = 32;

/** Walks the value without recursion; throws on nesting deeper than any body of ours. */
function unstorablePaths(input: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (unstorable(value)) found.push(path.join('.') || '(body)');
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= maxDepth) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: path.slice(0, 3).join('.') || '(body)', message: `嵌套层级过深（最多 ${maxDepth} 层）` }] });
      // Pushed last to first, so fields are reported in the order they appear.
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index -= 1) pending.push({ value: entries[index]![1], path: [...path, entries[index]![0]] });
    }
  }
  return found;
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
