import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../test/helpers/wait';
import { createSubgraphFetch } from './subgraph-transport';

describe('createSubgraphFetch', () => {
  let server: http.Server;
  let url: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  // The slow answers are held until the test has seen the call time out, then ended: no race between a
  // sleep of the server and the timeout of the client, however slow the machine.
  const held: http.ServerResponse[] = [];
  const releaseHeld = () => {
    for (const res of held.splice(0)) res.end(res.headersSent ? 'null}' : '{}');
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/slow') return void held.push(res);
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data":');
          return void held.push(res);
        }
        if (req.url === '/hang-up') return void req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        res.end(JSON.stringify({ data: { echo: body, text: 'Fès فاس' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    releaseHeld();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the body with its headers and reads a UTF-8 answer and its headers', async () => {
    const fetch = createSubgraphFetch(1000);
    const body = JSON.stringify({ query: '{ a }', variables: { city: 'Fès' } });
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(response.headers.get('x-absent')).toBeNull();
    expect(Object.fromEntries(response.headers.entries())).toMatchObject({ 'x-multi': 'a, b' });
    expect(JSON.parse(await response.text())).toEqual({ data: { echo: body, text: 'Fès فاس' } });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.headers['x-request-id']).toBe('r-1');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    fetch.close();
  });

  it('keeps the connection alive between calls', async () => {
    const fetch = createSubgraphFetch(1000);
    const ports = new Set<number>();
    server.on('connection', (socket) => ports.add(socket.remotePort!));
    for (let i = 0; i < 3; i += 1)
      await (await fetch(`${url}/graphql`, { method: 'POST', body: '{}' })).text();
    expect(ports.size).toBe(1);
    fetch.close();
  });

  it('fails with a TimeoutError when the answer does not start in time', async () => {
    const fetch = createSubgraphFetch(100);
    await expect(fetch(`${url}/slow`, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    // The server had not answered yet: the timeout, not an answer, ended the call.
    expect(held).toHaveLength(1);
    releaseHeld();
    fetch.close();
  });

  it('fails with a TimeoutError when the body does not end in time', async () => {
    const fetch = createSubgraphFetch(100);
    const response = await fetch(`${url}/slow-body`, { method: 'POST', body: '{}' });
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(held).toHaveLength(1);
    releaseHeld();
    fetch.close();
  });

  it('fails when the subgraph hangs up or is not there', async () => {
    const fetch = createSubgraphFetch(1000);
    await expect(fetch(`${url}/hang-up`, { method: 'POST', body: '{}' })).rejects.toThrow();
    await expect(fetch('http://127.0.0.1:1/graphql', { method: 'POST', body: '{}' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await expect(fetch('ftp://127.0.0.1/graphql')).rejects.toThrow(/Unsupported subgraph protocol/);
    fetch.close();
  });

  it('refuses a call whose signal is already aborted', async () => {
    const fetch = createSubgraphFetch(1000);
    await expect(
      fetch(`${url}/graphql`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.abort(new Error('stopping')),
      }),
    ).rejects.toThrow('stopping');
    fetch.close();
  });
});

describe('a kept-alive connection the subgraph closes as a call goes out on it', () => {
  // Each connection answers its first request and drops the second: what a subgraph does when its idle
  // timeout closes a kept-alive connection just as the gateway reuses it.
  let server: net.Server;
  let url: string;
  let connections = 0;
  // The retry's one-off connection asks to be closed; this raw server does not, so it closes them at the end.
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    server = net.createServer((socket) => {
      connections += 1;
      sockets.add(socket);
      let requests = 0;
      socket.on('data', (chunk) => {
        if (!chunk.toString('latin1').includes('\r\n\r\n')) return;
        requests += 1;
        if (requests > 1) return void socket.destroy();
        const body = '{"data":{"ok":true}}';
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n' +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  );

  it('sends a query again once on a new connection, and never a mutation', async () => {
    const fetch = createSubgraphFetch(1000);
    const query = JSON.stringify({ query: '{ ok }' });
    expect((await fetch(url, { method: 'POST', body: query })).status).toBe(200);
    expect(connections).toBe(1);
    // Reuses the first connection, which drops it: sent again on a second one. (The executor passes its
    // context and info after the options.)
    const asExecutor = fetch as unknown as (...args: unknown[]) => ReturnType<typeof fetch>;
    const again = await asExecutor(url, { method: 'POST', body: query }, { requestId: 'r-2' }, {});
    expect(JSON.parse(await again.text())).toEqual({ data: { ok: true } });
    expect(connections).toBe(2);
    // A query opens a third connection, kept alive; a mutation on it, which drops it: not sent again, the
    // caller gets the error.
    await (await fetch(url, { method: 'POST', body: query })).text();
    expect(connections).toBe(3);
    const mutation = JSON.stringify({ query: 'mutation { publish }' });
    await expect(fetch(url, { method: 'POST', body: mutation })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(connections).toBe(3);
    fetch.close();
  });

  it('sends the query again on a new connection when every idle one was dropped at once', async () => {
    const fetch = createSubgraphFetch(1000);
    const query = JSON.stringify({ query: '{ ok }' });
    const before = connections;
    // Two calls at once open two connections; both drop their next request.
    await Promise.all([1, 2].map(() => fetch(url, { method: 'POST', body: query })));
    expect(connections).toBe(before + 2);
    const again = await fetch(url, { method: 'POST', body: query });
    expect(JSON.parse(await again.text())).toEqual({ data: { ok: true } });
    expect(connections).toBe(before + 3);
    fetch.close();
  });
});

describe('an idle kept-alive connection', () => {
  let server: http.Server;
  let url: string;
  const closedByClient = deferred();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{"data":{}}'));
    });
    // The subgraph would keep it for ten minutes, longer than any test may run: only the gateway closes it.
    server.keepAliveTimeout = 600_000;
    server.on('connection', (socket) => socket.on('end', () => closedByClient.resolve()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is closed by the gateway after its idle timeout, before the subgraph closes it', async () => {
    const fetch = createSubgraphFetch(1000, { idleTimeoutMs: 150 });
    await (await fetch(url, { method: 'POST', body: '{}' })).text();
    // Waits for the gateway's side to close the idle connection: without its idle timeout, nothing would
    // before the subgraph's ten minutes, and the test would fail on its own timeout.
    await closedByClient.promise;
    fetch.close();
  });
});
