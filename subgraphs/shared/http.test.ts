import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { notificationsSubgraph } from '../notifications/subgraph';
import { listen } from './http';

const subgraph = useSubgraph(notificationsSubgraph, { DEMO_SCALE: '0' });

const apollo = new ApolloServer({ schema: buildSchema('type Query { hello: String }') });
const onResponse = vi.fn();
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  await apollo.start();
  server = await listen({ apollo, context: async () => ({}), port: 0, host: '127.0.0.1', onResponse });
});
afterAll(async () => {
  await server.close();
  await apollo.stop();
});

/** Sends `request` as raw bytes to `port` and returns the status line of the answer. */
function statusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (!text.includes('\r\n')) return;
      resolve(text.split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('the HTTP face of a subgraph', () => {
  it('answers 500 to a request target no URL can be read from, and keeps serving', async () => {
    const { port, url } = subgraph.running;
    // The access log and metrics of such a request once read its URL again, threw, and stopped the process.
    expect(await statusLine(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(
      'HTTP/1.1 500 Internal Server Error',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(new URL('/health', url))).status).toBe(200);
  });

  it('tells the end of each request with its path name, the query string left out', async () => {
    const headers = { 'apollo-require-preflight': '1' };
    await fetch(new URL('/graphql?query=%7Bhello%7D', server.url), { headers });
    await vi.waitFor(() => expect(onResponse).toHaveBeenCalledTimes(1));
    expect(onResponse.mock.calls[0][3]).toBe('/graphql');
  });
});
