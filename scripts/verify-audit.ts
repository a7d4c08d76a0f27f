import { verifyAuditChain } from '../activities/audit/audit-log';
import { createDb } from '../runtime/db';

// `npm run audit:verify`: walks the hash-chained audit trail in $DATABASE_URL and reports the
// first edited row or the first gap left by a deleted one. Exit 0 when intact, 2 when broken.
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL: not set');
    process.exit(78);
  }
  const db = createDb(url, 1);
  try {
    const result = await verifyAuditChain(db);
    console.log(JSON.stringify(result));
    if (result.brokenAt) {
      console.error(`audit chain broken at seq ${result.brokenAt.seq}: ${result.brokenAt.reason === 'edited' ? 'the row was edited' : 'a row before it was deleted'}`);
      process.exitCode = 2;
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
