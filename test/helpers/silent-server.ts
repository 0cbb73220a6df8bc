import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server that accepts connections and never answers, standing in for a hung subgraph. */
export interface SilentServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Resolves once a first connection came in: a request to it is in flight from then on. */
  readonly connected: Promise<void>;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a silent server on a free loopback port: a gateway's `/ready` probe of it stays in flight (until
 * the probe's own timeout), which lets a test act while a request is being served, without any sleep.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connected!: () => void;
  const connection = new Promise<void>((resolve) => (connected = resolve));
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    connected: connection,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
