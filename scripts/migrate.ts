import { prepareDatabase } from '../prisma/bootstrap';

// `npm run migrate`: applies pending migrations and reference data to $DATABASE_URL.
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL: not set');
    process.exit(78);
  }
  const demoAccountsPassword = process.env.SEED_DEMO_ACCOUNTS === 'true' ? process.env.DEMO_PASSWORD ?? 'Srdi-Demo-2026' : undefined;
  const { migrationsApplied } = await prepareDatabase(url, { demoAccountsPassword });
  console.log(migrationsApplied.length ? `applied: ${migrationsApplied.join(', ')}` : 'database is up to date');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
