import { ConfigError, type Config } from '../../runtime/config';
import { secretBoxFrom } from '../../activities/access/secret-box';
import type { SecurityDeps } from '../app';

/** The security settings as configured (README "Security settings"). */
export function securityDepsFrom(config: Config): SecurityDeps {
  if (config.NODE_ENV === 'production' && !config.SECRET_KEY) {
    throw new ConfigError(['SECRET_KEY: is required in production: it seals TOTP secrets at rest (openssl rand -base64 32)']);
  }
  return {
    settings: {
      passwordMinLength: config.PASSWORD_MIN_LENGTH,
      passwordMinClasses: config.PASSWORD_MIN_CLASSES,
      passwordMaxAgeDays: config.PASSWORD_MAX_AGE_DAYS,
      maxFailedLogins: config.LOGIN_MAX_FAILURES,
      lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES,
      idleTimeoutMinutes: config.SESSION_IDLE_MINUTES,
      sessionMaxHours: config.SESSION_MAX_HOURS,
    },
    secrets: secretBoxFrom(config.SECRET_KEY),
    cookieSecure: config.COOKIE_SECURE ? config.COOKIE_SECURE === 'true' : config.NODE_ENV === 'production',
    loginRateLimit: config.LOGIN_RATE_LIMIT,
    apiRateLimit: config.API_RATE_LIMIT,
    trustProxyHops: config.TRUST_PROXY_HOPS,
  };
}
