import { describe, expect, it } from 'vitest';
import { isLoopbackHost, publicSecretExposure } from './exposure';

describe('exposure of a service that trusts a public secret', () => {
  it('tells loopback hosts from the ones the network reaches', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'hub.example.org', '10.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses only the public secret beyond loopback, naming the variable to set', () => {
    const options = { hostVariable: 'GATEWAY_HOST', secretVariable: 'AUTH_JWT_SECRET' };
    expect(publicSecretExposure({ ...options, host: '0.0.0.0', usesPublicSecret: true })).toMatch(
      /GATEWAY_HOST=0\.0\.0\.0 .*set AUTH_JWT_SECRET/,
    );
    expect(publicSecretExposure({ ...options, host: '127.0.0.1', usesPublicSecret: true })).toBeUndefined();
    expect(publicSecretExposure({ ...options, host: '0.0.0.0', usesPublicSecret: false })).toBeUndefined();
  });
});
