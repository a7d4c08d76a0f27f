import { prepareDatabase } from '../prisma/bootstrap';

// `npm run migrate`: applies pending migrations and reference data to $DATABASE_URL.
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL: not set');
    process.exit(78);
  }
  const { migrationsApplied } = await prepareDatabase(url);
  console.log(migrationsApplied.length ? `applied: ${migrationsApplied.join(', ')}` : 'database is up to date');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
