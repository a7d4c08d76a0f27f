import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createAccount, resetPassword, setAccountActive } from '../activities/access/accounts';
import { normaliseUsername } from '../activities/access/authentication';
import { securityDepsFrom } from '../api/access/settings';
import { adminRoles, type AdminRole } from '../domain/access/principal';
import { AppError } from '../domain/errors';
import { createDb } from '../runtime/db';
import { loadConfigOrExit } from '../runtime/config';

// `npm run admin:account -- <create|reset-password|deactivate|activate> ...`: the operator's
// console for administrator accounts. The three administrators (三权分立) are opened here, at
// deployment, by whoever runs the server: through the API the system administrator may manage
// only system administrators, so none of them can make themselves a security or audit
// administrator. Each change is audited as `operator:<name>`. The initial password comes from
// $ADMIN_INITIAL_PASSWORD or is generated and printed once; the administrator changes it and
// binds a TOTP authenticator at the first sign-in.

const usage = `usage:
  npm run -s admin:account -- create --role system|security|audit --username NAME --name 显示名称
  npm run -s admin:account -- reset-password --username NAME
  npm run -s admin:account -- deactivate|activate --username NAME --reason 理由
options: --operator WHO (default: this system user); $DATABASE_URL must be set (and $SECRET_KEY
when NODE_ENV=production, as for the API)`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' }, operator: { type: 'string' } },
  });
  const [command] = positionals;
  if (!command || !values.username || !['create', 'reset-password', 'deactivate', 'activate'].includes(command)) {
    console.error(usage);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  const { settings } = securityDepsFrom(config);
  const by = { operator: values.operator ?? userInfo().username };
  const db = createDb(config.DATABASE_URL, 1);
  try {
    const initialPassword = process.env.ADMIN_INITIAL_PASSWORD ?? `Srdi-${randomBytes(12).toString('base64url')}`;
    const generated = process.env.ADMIN_INITIAL_PASSWORD === undefined;
    if (command === 'create') {
      const role = values.role as AdminRole | undefined;
      if (!role || !adminRoles.includes(role) || !values.name) {
        console.error(usage);
        process.exit(64);
      }
      const account = await createAccount(db, settings, by, { kind: 'admin', adminRole: role, username: values.username, displayName: values.name, initialPassword });
      console.log(`created ${role} administrator ${account.username} (${account.id})`);
    } else {
      const account = await db.account.findUnique({ where: { username: normaliseUsername(values.username) }, select: { id: true, kind: true } });
      if (!account || account.kind !== 'admin') throw new AppError('NOT_FOUND', { userMessage: `没有名为 ${values.username} 的管理员账号` });
      if (command === 'reset-password') {
        await resetPassword(db, settings, by, account.id, initialPassword);
        console.log(`reset the password of ${values.username}; its sessions have ended`);
      } else {
        if (!values.reason) {
          console.error(usage);
          process.exit(64);
        }
        await setAccountActive(db, by, account.id, command === 'activate', values.reason);
        console.log(`${command}d ${values.username}`);
        return;
      }
    }
    if (generated) console.log(`initial password (shown once; to be changed at the first sign-in): ${initialPassword}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  if (error instanceof AppError) {
    console.error(`${error.code}: ${error.userMessage}${error.fieldErrors?.length ? ` (${error.fieldErrors.map((field) => field.message).join('；')})` : ''}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
