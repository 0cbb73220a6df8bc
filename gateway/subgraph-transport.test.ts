import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetch } from './subgraph-transport';

describe('createSubgraphFetch', () => {
  let server: http.Server;
  let url: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 500);
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data":');
          return void setTimeout(() => res.end('null}'), 500);
        }
        if (req.url === '/hang-up') return void req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        res.end(JSON.stringify({ data: { echo: body, text: 'Fès فاس' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
    fetch.close();
  });

  it('fails with a TimeoutError when the body does not end in time', async () => {
    const fetch = createSubgraphFetch(100);
    const response = await fetch(`${url}/slow-body`, { method: 'POST', body: '{}' });
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
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
