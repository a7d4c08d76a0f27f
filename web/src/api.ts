// The API client: same-origin fetch with the session cookie, and the session's CSRF token on
// every state-changing request (synchronizer-token pattern, see api/access/session.ts).

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};

/** Raised on 401 (signed out, idle timeout): the app goes back to the sign-in page. */
export const unauthenticatedEvent = 'srdi:unauthenticated';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this Blob as the body as is (attachments). */
  blob?: Blob;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.blob) body = options.blob;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: FieldError[]; requestId?: string } };
  if (!response.ok) {
    const error = payload.error;
    if (response.status === 401 && !path.startsWith('/auth/')) window.dispatchEvent(new Event(unauthenticatedEvent));
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `请求失败（${response.status}）`, error?.fields ?? [], error?.requestId);
  }
  return payload as T;
}

/** An API error as one line: its message and each field's message. */
export const errorText = (error: unknown) =>
  error instanceof ApiError ? [error.message, ...error.fields.map((field) => field.message)].join('：') : error instanceof Error ? error.message : String(error);

/** A fresh key per user intent: a retried click of the same intent sends the same key. */
export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`;

export const query = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

// Data a page will ask for first, requested as soon as it is known (e.g. the inbox once the
// session names the unit) instead of after the page has rendered: taken once, then gone.
const prefetched = new Map<string, Promise<unknown>>();

export function prefetch(path: string): void {
  if (prefetched.has(path)) return;
  const pending = api<unknown>(path);
  pending.catch(() => undefined);
  prefetched.set(path, pending);
}

/** The prefetched answer for exactly this path, or a new request. */
export function apiOnce<T>(path: string): Promise<T> {
  const pending = prefetched.get(path);
  prefetched.delete(path);
  return (pending as Promise<T> | undefined) ?? api<T>(path);
}
