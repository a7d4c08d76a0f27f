import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// The schema's datasource reads DATABASE_URL; `prisma generate` needs a syntactically valid
// one even though it never connects, so give the CLI the local default when none is set.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/srdi';

// Engine-free Prisma: the CLI talks to PostgreSQL through the pg driver adapter, so no
// engine binary is downloaded (these machines reach package registries only).
export default defineConfig({
  schema: path.join('prisma', 'schema'),
  migrations: { path: path.join('prisma', 'migrations') },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
