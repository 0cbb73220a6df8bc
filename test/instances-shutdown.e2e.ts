import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSubgraphConfig } from '../subgraphs/shared/config';
import { projectRoot } from '../subgraphs/shared/project';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/shared/server';
import { SUBGRAPHS } from '../subgraphs/registry';
import { testDatabaseEnv } from './helpers/database';

let running: RunningSubgraph | undefined;

afterAll(async () => {
  if (running?.db.isInitialized) await running.stop();
});

/**
 * Opens a raw HTTP request whose headers the server has read (it answered `100 Continue`) but whose body
 * is not sent yet: a request in flight, whatever the machine's speed.
 */
async function requestInFlight(url: string, body: string) {
  const { port, hostname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  const continued = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('100 Continue')) resolve();
    });
    socket.on('error', reject);
  });
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.write(
    `POST / HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  );
  await continued;
  return {
    finish(): Promise<string> {
      // write, not end: a half-closed socket lets Node drop the connection before it answers.
      socket.write(body);
      return ended;
    },
  };
}

describe('stopping a subgraph', () => {
  it('answers a request in flight before it closes its database', async () => {
    running = await startSubgraph(
      SUBGRAPHS.partnerships,
      parseSubgraphConfig(
        'partnerships',
        { ...testDatabaseEnv('partnerships'), PORT_PARTNERSHIPS: '0', QUIET: '1' },
        projectRoot(),
      ),
    );
    const inFlight = await requestInFlight(
      running.url,
      JSON.stringify({ query: '{ partnerships(first: 5) { totalCount nodes { id } } }' }),
    );
    const stopped = running.stop();
    const answer = await inFlight.finish();
    await stopped;
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n', answer.indexOf('200 OK')) + 4));
    expect(body.errors).toBeUndefined();
    expect(body.data.partnerships.nodes).toHaveLength(5);
    expect(running.db.isInitialized).toBe(false);
    // A new connection is refused once stopped.
    await expect(fetch(running.url, { method: 'POST' })).rejects.toThrow();
  });
});
