import { z } from 'zod';

// Every process reads its configuration here, once, validated: a bad value stops start-up with
// a message naming the variable instead of failing later in a confusing way.

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL');

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  DATABASE_URL: postgresUrl,
  /** Connections per process; the worker needs one per concurrently running activity. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('srdi-flow'),
  WORKER_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  REQUEST_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb').default('100kb'),
  /** Where uploaded attachments are kept (a persistent volume in production). */
  ATTACHMENT_DIR: z.string().min(1).default('.data/attachments'),
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  /** Outgoing mail relay, e.g. smtp://127.0.0.1:2525; unset: e-mail is off (in-app and webhooks only). */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('督办平台 <noreply@srdi-flow.local>'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** Attempts per e-mail or webhook before it is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  // 等保 2.0 identification and authentication settings (README "Security settings").
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
  PASSWORD_MIN_CLASSES: z.coerce.number().int().min(3).max(4).default(3),
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(20).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(120).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  /** Sign-in attempts per client address per 15 minutes. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
  /** API requests per client address per minute. */
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** 32 bytes, base64: encrypts TOTP secrets at rest. The API refuses to start in production without it. */
  SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  /** Send cookies with Secure (HTTPS only). Default: on in production. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Trust X-Forwarded-For from this many proxies in front of the API (for rate limits and the audit's addresses). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Seed one account per demo staff member, the three administrators and demo enterprise contacts. */
  SEED_DEMO_ACCOUNTS: z.enum(['true', 'false']).default('false'),
  /** The demo accounts' password (they must change it only when it expires). */
  DEMO_PASSWORD: z.string().min(8).default('Srdi-Demo-2026'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        const value = env[variable];
        return `${variable}: ${issue.message}${value === undefined ? ' (not set)' : ` (got "${value}")`}`;
      }),
    );
  }
  return parsed.data;
}

/** Loads the configuration or exits the process with the reason, for `main` entry points. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
