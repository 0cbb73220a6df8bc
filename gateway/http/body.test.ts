import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deeperThan, readJsonBody, type BodyLimits } from './body';
import { HttpError, sendError } from './respond';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering the parsed body (or the refusal) of each request under `limits`. */
async function serve(limits: BodyLimits): Promise<number> {
  server = http.createServer((req, res) => {
    readJsonBody(req, limits).then(
      (body) => res.end(JSON.stringify({ body })),
      (error: HttpError) => sendError(res, error),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const post = (port: number, body: string, type = 'application/json') =>
  fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': type }, body }).then(
    async (response) => ({ status: response.status, body: await response.json() }),
  );

describe('reading a request body', () => {
  it('parses JSON, refuses malformed JSON with 400 BAD_REQUEST and passes other types on as text', async () => {
    const port = await serve({ maxBytes: 1000, timeoutMs: 5000 });
    expect(await post(port, '{"query":"{ a }"}')).toEqual({
      status: 200,
      body: { body: { query: '{ a }' } },
    });
    const bad = await post(port, '{"query":');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await post(port, '{ a }', 'text/plain')).body).toEqual({ body: '{ a }' });
  });

  it('refuses a body over maxBytes with 413 REQUEST_TOO_LARGE', async () => {
    const port = await serve({ maxBytes: 100, timeoutMs: 5000 });
    const answer = await post(port, JSON.stringify({ pad: 'x'.repeat(200) }));
    expect(answer.status).toBe(413);
    expect(answer.body.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
  });

  it('answers 408 REQUEST_TIMEOUT to a body that stops arriving, and closes the connection', async () => {
    const port = await serve({ maxBytes: 1000, timeoutMs: 100 });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{"q',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  });
});

describe('deeperThan', () => {
  it('counts object and array levels, scalars being level 0', () => {
    expect(deeperThan(1, 0)).toBe(false);
    expect(deeperThan({}, 0)).toBe(true);
    expect(deeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(deeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(deeperThan(null, 0)).toBe(false);
  });

  it('walks values far deeper than any call stack without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(deeperThan(deep, 20)).toBe(true);
  });
});
