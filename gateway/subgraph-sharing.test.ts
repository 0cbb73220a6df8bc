import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WriteClock } from './inflight';
import { createSubgraphFetch, shareSubgraphCalls } from './subgraph-transport';

/**
 * A subgraph that holds every query until the test releases it and answers mutations at once: the test
 * decides what is in flight when, without sleeping.
 */
describe('shareSubgraphCalls', () => {
  let server: http.Server;
  let url: string;
  const received: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  const held: { res: http.ServerResponse; body: string }[] = [];
  let served = 0;
  const release = () => {
    for (const { res, body } of held.splice(0)) {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { answer: served, body } }));
    }
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        if (body.includes('"mutation')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"data":{"written":true}}');
        }
        held.push({ res, body });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => {
    release();
    received.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const QUERY = JSON.stringify({
    query: 'query Q($id:ID!){territory(id:$id){name}}',
    variables: { id: '03' },
  });
  const MUTATION = JSON.stringify({ query: 'mutation M{recordAction(id:"1"){id}}' });
  const post = (body: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  /** Waits until the server has received `count` calls in all. */
  const receivedCalls = async (count: number) => {
    while (received.length < count) await new Promise((resolve) => setImmediate(resolve));
  };

  function sharing() {
    const clock = new WriteClock();
    const fetch = shareSubgraphCalls(createSubgraphFetch(5000), clock);
    return { fetch, clock };
  }

  it('sends identical concurrent queries once and gives every caller the same answer', async () => {
    const { fetch } = sharing();
    const calls = Array.from({ length: 5 }, (_, i) => fetch(url, post(QUERY, { 'x-request-id': `r-${i}` })));
    await receivedCalls(1);
    release();
    const texts = await Promise.all(calls.map(async (call) => (await call).text()));
    expect(received).toHaveLength(1);
    expect(received[0].headers['x-request-id']).toBe('r-0');
    expect(new Set(texts).size).toBe(1);
    expect(fetch.shares.joined).toBe(4);
    expect(fetch.shares.size).toBe(0);
    fetch.close();
  });

  it('never shares calls of different viewers, variables or dry-run header', async () => {
    const { fetch } = sharing();
    const other = JSON.stringify({
      query: 'query Q($id:ID!){territory(id:$id){name}}',
      variables: { id: '04' },
    });
    const calls = [
      fetch(url, post(QUERY, { authorization: 'Bearer a' })),
      fetch(url, post(QUERY, { authorization: 'Bearer b' })),
      fetch(url, post(QUERY)),
      fetch(url, post(other, { authorization: 'Bearer a' })),
      fetch(url, post(QUERY, { authorization: 'Bearer a', 'x-passerelle-dry-run': 'true' })),
    ];
    await receivedCalls(5);
    release();
    const answers = await Promise.all(calls.map(async (call) => JSON.parse(await (await call).text())));
    expect(received).toHaveLength(5);
    expect(new Set(answers.map((answer) => answer.data.answer)).size).toBe(5);
    fetch.close();
  });

  it('never shares a mutation, and never hands a read started before a write to a read started after it', async () => {
    const { fetch, clock } = sharing();
    const before = fetch(url, post(QUERY));
    const joined = fetch(url, post(QUERY));
    await receivedCalls(1);
    const writes = [fetch(url, post(MUTATION)), fetch(url, post(MUTATION))];
    await Promise.all(writes);
    expect(received.filter((call) => call.body.includes('mutation'))).toHaveLength(2);
    expect(clock.now).toBe(2);
    // Identical to the read in flight, but it starts after the write completed: a call of its own.
    const after = fetch(url, post(QUERY));
    await receivedCalls(4);
    release();
    const [first, second, third] = await Promise.all(
      [before, joined, after].map(async (call) => JSON.parse(await (await call).text()).data.answer),
    );
    expect(first).toBe(second);
    expect(third).not.toBe(first);
    expect(received.filter((call) => !call.body.includes('mutation'))).toHaveLength(2);
    fetch.close();
  });

  it('fails every caller of a shared call that fails, then starts afresh', async () => {
    const { fetch } = sharing();
    const closed = 'http://127.0.0.1:9/graphql';
    const results = await Promise.allSettled([fetch(closed, post(QUERY)), fetch(closed, post(QUERY))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(fetch.shares.joined).toBe(1);
    expect(fetch.shares.size).toBe(0);
    fetch.close();
  });
});
