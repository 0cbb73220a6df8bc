import type { DataSource } from 'typeorm';

/**
 * The PostgreSQL side of the reference cache (`reference-cache.ts`): one connection per instance, outside
 * the pool, that `LISTEN`s on `REFERENCE_CHANNEL`. A write of reference data `NOTIFY`s it with the name of
 * its schema, in its transaction: PostgreSQL delivers the notification to every listener once the write
 * commits, and never if it rolls back.
 *
 * `onListening(true)` is called once `LISTEN` is in place (the cache then reads its snapshot: a change
 * committed before is in it, one committed after is notified), `onListening(false)` as soon as the
 * connection is lost (the cache then stops answering from memory: changes are no longer heard). It
 * reconnects after a backoff doubling from 250 ms to 10 s, and says so at warn once per outage.
 */

/** The channel every subgraph's reference writes notify; the payload is the schema written. */
export const REFERENCE_CHANNEL = 'passerelle_reference';

/**
 * The `application_name` of the listening connections of `schema` (to find them in `pg_stat_activity`),
 * within PostgreSQL's 63 bytes.
 */
export const listenerApplicationName = (schema: string) => `passerelle-reference:${schema}`.slice(0, 63);

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/** What the listener uses of a `pg` client (the module typeorm loaded: the project has no typings for it). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
  removeAllListeners(): void;
}
type PgClientClass = new (config: Record<string, unknown>) => PgClient;

export interface ChangeListenerOptions {
  /** The subgraph's data source: its driver's `pg` module makes the listening connection. */
  db: DataSource;
  url: string;
  /** Notifications of other schemas (other subgraphs, other hubs on the database) are ignored. */
  schema: string;
  onChange(): void;
  onListening(listening: boolean): void;
  logger?: { debug(msg: string): void; warn(msg: string): void };
}

export interface ChangeListener {
  stop(): Promise<void>;
}

/** Listens for changes of `options.schema` until stopped, reconnecting whenever the connection is lost. */
export function listenForChanges(options: ChangeListenerOptions): ChangeListener {
  const Client = (options.db.driver as unknown as { postgres: { Client: PgClientClass } }).postgres.Client;
  let client: PgClient | null = null;
  let stopped = false;
  let listening = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const lost = (why: string) => {
    if (listening) options.onListening((listening = false));
    const current = client;
    client = null;
    current?.removeAllListeners();
    current?.on('error', () => {});
    void current?.end().catch(() => {});
    if (stopped) return;
    failures += 1;
    if (failures === 1) options.logger?.debug(`reference cache: change listener lost (${why}); reconnecting`);
    if (failures === 3)
      options.logger?.warn(`reference cache: cannot listen for changes (${why}); reads go to SQL meanwhile`);
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), LAST_RETRY_MS);
    retry = setTimeout(connect, delay);
    retry.unref();
  };

  const connect = async () => {
    retry = null;
    const next = new Client({
      connectionString: options.url,
      application_name: listenerApplicationName(options.schema),
      keepAlive: true,
    });
    client = next;
    next.on('error', (error) => client === next && lost(error.message));
    next.on('end', () => client === next && lost('connection ended'));
    next.on('notification', (message) => {
      if (message.channel === REFERENCE_CHANNEL && message.payload === options.schema) options.onChange();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${REFERENCE_CHANNEL}`);
    } catch (error) {
      if (client === next) lost((error as Error).message);
      return;
    }
    if (client !== next || stopped) return;
    if (failures >= 3) options.logger?.warn('reference cache: listening for changes again');
    failures = 0;
    options.onListening((listening = true));
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      if (listening) options.onListening((listening = false));
      await current?.end().catch(() => {});
    },
  };
}
