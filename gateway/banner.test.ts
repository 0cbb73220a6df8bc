import { describe, expect, it } from 'vitest';
import { browsableHost, startBanner } from './banner';

describe('the start banner', () => {
  it('advertises Sandbox only when it is served, and says who can reach the gateway', () => {
    const development = startBanner(
      { host: '127.0.0.1', sandbox: true, metrics: true },
      { port: 4000, metricsPort: undefined },
    ).join('\n');
    expect(development).toMatch(/Apollo Sandbox at http:\/\/localhost:4000\//);
    expect(development).toMatch(/127\.0\.0\.1 only/);
    const production = startBanner(
      { host: '0.0.0.0', sandbox: false, metrics: true },
      { port: 4000, metricsPort: 9464 },
    ).join('\n');
    expect(production).not.toMatch(/Sandbox/);
    expect(production).toMatch(/reachable from the network/);
    expect(production).toMatch(/\/metrics on port 9464/);
  });

  it('shows the address a person can type', () => {
    expect(browsableHost('0.0.0.0')).toBe('localhost');
    expect(browsableHost('192.168.1.20')).toBe('192.168.1.20');
    expect(browsableHost('fd00::1')).toBe('[fd00::1]');
  });
});
