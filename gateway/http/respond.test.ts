import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError, methodNotAllowed, notFound, sendError } from './respond';

function response(headersSent = false) {
  const headers: Record<string, unknown> = {};
  const res = {
    headersSent,
    statusCode: 0,
    body: '',
    destroyed: false,
    setHeader: (key: string, value: unknown) => (headers[key.toLowerCase()] = value),
    end(text: string) {
      this.body = text;
    },
    destroy() {
      this.destroyed = true;
    },
  };
  return { res, headers, asNode: res as unknown as ServerResponse };
}

describe('the one error body', () => {
  it('answers every refusal as { errors: [{ message, extensions: { code } }] } with its status and headers', () => {
    const { res, headers, asNode } = response();
    sendError(asNode, new HttpError(429, 'RATE_LIMITED', 'Too many requests', { 'retry-after': '7' }));
    expect(res.statusCode).toBe(429);
    expect(headers).toMatchObject({ 'retry-after': '7', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(res.body)).toEqual({
      errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }],
    });
  });

  it('names 404 and 405 with their codes, cuts a long path, and sets Allow', () => {
    expect(notFound(`/${'x'.repeat(5000)}`).message.length).toBeLessThan(220);
    expect(notFound('/x')).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(methodNotAllowed(['GET', 'HEAD'])).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      headers: { allow: 'GET, HEAD' },
    });
  });

  it('cuts the connection when the answer has already started', () => {
    const { res, asNode } = response(true);
    sendError(asNode, new HttpError(400, 'BAD_REQUEST', 'late'));
    expect(res.destroyed).toBe(true);
    expect(res.body).toBe('');
  });
});
