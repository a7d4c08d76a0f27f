import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// PGlite is PostgreSQL compiled to WebAssembly, running inside Node. Served on a local port it is
// the zero-install database of `npm start`; a real PostgreSQL replaces it via DATABASE_URL.

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: { dataDir?: string; port: number; host?: string }): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const db = await PGlite.create(options.dataDir);
  // PGlite has one backend; the socket server multiplexes client connections onto it and keeps
  // a transaction's statements together, so api and worker pools can share it.
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: 64 });
  await server.start();
  const address = server.getServerConn();
  const port = Number(address.split(':').pop());
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
