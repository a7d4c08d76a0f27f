import { startEmbeddedPostgres } from '../../prisma/pglite-server';

// Runs the embedded PostgreSQL of `npm start` in its own process for tests: PGlite loads its
// WebAssembly through dynamic imports, which jest's module sandbox does not allow.
startEmbeddedPostgres({ dataDir: process.argv[2], port: 0 }).then(
  (embedded) => {
    process.stdout.write(`${embedded.url}\n`);
    process.on('SIGTERM', () => void embedded.stop().then(() => process.exit(0)));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
