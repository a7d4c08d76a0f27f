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
  // a transaction's statements together, so api and worker pools can share it (see below for the
  // statements outside transactions).
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: 64 });
  keepProtocolSequencesTogether(server, db);
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

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

/** The socket server's query queue (pglite-socket 0.2.x), as far as it is replaced here. */
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Parse, Bind, Describe, Execute, Close, Flush: the messages of an extended-protocol sequence,
// which a Sync ends. Anything else (Sync, a simple Query, startup, password, Terminate …) ends it.
const extendedProtocolMessages = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)));

/**
 * The socket server queues each protocol message on its own and, outside a transaction, takes
 * them from all connections in arrival order. An extended-protocol query is several messages
 * (Parse, Bind, Describe, Execute … Sync) that share the backend's unnamed statement and portal,
 * so another connection's Parse landing in between makes the first run the wrong statement or
 * fail ("unnamed prepared statement does not exist", rows of another query). Seen under the demo
 * seeding of `npm start`. This keeps each connection's sequence together up to its Sync, as the
 * server already does for a transaction; a connection that goes away mid-sequence releases it.
 */
function keepProtocolSequencesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midSequence = false;
  // A startup packet has no type byte (its first byte is the length's high byte, 0), so it never matches.
  const continuesSequence = (message: Uint8Array) => extendedProtocolMessages.has(message[0]!);
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = (midSequence || db.isInTransaction()) && this.lastHandlerId !== null ? this.lastHandlerId : null;
        const index = sticky === null ? 0 : this.queue.findIndex((entry) => entry.handlerId === sticky);
        if (index === -1) break; // the connection's next message is not here yet: wait for it
        const [entry] = this.queue.splice(index, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          await db.runExclusive(() => db.execProtocolRawStream(entry.message, { onRawData: (data) => ((bytes += data.length), entry.onData(data)) }));
        } catch (error) {
          midSequence = false;
          entry.reject(error);
          continue;
        }
        this.lastHandlerId = entry.handlerId;
        midSequence = continuesSequence(entry.message);
        entry.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    if (queue.lastHandlerId === handlerId) midSequence = false;
    clear(handlerId);
  };
}
