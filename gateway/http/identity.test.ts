import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createDevToken } from '../dev-token';
import { createAuthenticator } from '../auth';
import { parseGatewayConfig } from '../config';
import { Role } from '../../subgraphs/shared/identity';
import { clientAddress, createInternalCalls, identify, INTERNAL_CALL_HEADER } from './identity';

const config = parseGatewayConfig({});
const options = { auth: createAuthenticator(config.auth), issuer: config.auth.issuer, trustProxy: false };

function request(headers: Record<string, string>, remoteAddress = '10.0.0.1'): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('identifying a caller', () => {
  it('counts a verified token on its subject however the header is spelled', async () => {
    const token = await createDevToken({ role: Role.MINISTRY, subject: 'alice' });
    const keys = new Set<string>();
    for (const spelled of [`Bearer ${token}`, `bearer  ${token}`, `BEARER\t${token}`, ` Bearer ${token} `]) {
      const caller = await identify(request({ authorization: spelled }), options);
      expect(caller.viewer?.subject).toBe('alice');
      expect(caller.failure).toBeUndefined();
      keys.add(caller.key);
    }
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^subject:[0-9a-f]{32}$/);
    // The same subject from another address is the same caller; another subject is another.
    const elsewhere = await identify(request({ authorization: `Bearer ${token}` }, '10.9.9.9'), options);
    expect(elsewhere.key).toBe([...keys][0]);
    const bob = await createDevToken({ role: Role.MINISTRY, subject: 'bob' });
    expect((await identify(request({ authorization: `Bearer ${bob}` }), options)).key).not.toBe(
      elsewhere.key,
    );
  });

  it('counts no token and a refused token on the address, with the 401 to answer after counting', async () => {
    expect(await identify(request({}), options)).toEqual({ key: 'address:10.0.0.1' });
    const junk = await identify(request({ authorization: 'Bearer junk' }), options);
    expect(junk.key).toBe('address:10.0.0.1');
    expect(junk.viewer).toBeUndefined();
    expect(junk.failure).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('takes the first x-forwarded-for hop only behind a trusted proxy', () => {
    const req = request({ 'x-forwarded-for': '203.0.113.5, 10.0.0.2' });
    expect(clientAddress(req, true)).toBe('203.0.113.5');
    expect(clientAddress(req, false)).toBe('10.0.0.1');
  });
});

describe('the gateway calls to itself', () => {
  it('are recognised by this process secret only, and the header never goes further', () => {
    const calls = createInternalCalls();
    const own = request({ ...calls.headers });
    expect(calls.isInternal(own)).toBe(true);
    expect(own.headers[INTERNAL_CALL_HEADER]).toBeUndefined();
    const forged = request({ [INTERNAL_CALL_HEADER]: 'guess' });
    expect(calls.isInternal(forged)).toBe(false);
    expect(forged.headers[INTERNAL_CALL_HEADER]).toBeUndefined();
    expect(createInternalCalls().isInternal(request({ ...calls.headers }))).toBe(false);
    expect(calls.isInternal(request({}))).toBe(false);
  });
});
