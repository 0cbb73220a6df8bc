import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWebhookTarget } from './rules';
import { classifyAddress, webhookTargetProblem } from './targets';
import { startWebhookReceiver } from './testing';
import { postWebhook } from './webhook-sender';

describe('the classifier of addresses', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
  ])('IPv4 %s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ['2606:4700:4700::1111', 'public'],
    ['2001:db8::1', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'reserved'],
  ])('IPv6 %s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['::127.0.0.1', 'loopback'],
  ])('IPv4 in IPv6 %s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it('is null for what is not an address', () => {
    expect(classifyAddress('localhost')).toBeNull();
    expect(classifyAddress('10.0.0')).toBeNull();
    expect(classifyAddress('1::2::3')).toBeNull();
  });
});

describe('the check of a webhook URL in production', () => {
  const resolver = (addresses: string[]) => async () => addresses.map((address) => ({ address }));

  it('refuses a host that is an internal address, whatever the spelling the URL parser normalises', async () => {
    for (const url of ['https://127.0.0.1/h', 'https://[::1]/', 'https://0x7f.1/', 'https://2130706433/'])
      expect(await webhookTargetProblem(new URL(url), resolver([])), url).toMatch(/loopback/);
    expect(await webhookTargetProblem(new URL('https://[::ffff:a00:1]/'), resolver([]))).toMatch(/private/);
  });

  it('refuses a name when any of its addresses is internal, without telling which', async () => {
    const problem = await webhookTargetProblem(
      new URL('https://partner.example/h'),
      resolver(['93.184.216.34', '10.1.2.3']),
    );
    expect(problem).toBe(
      "partner.example resolves to a private address: a webhook may not reach inside the hub's network",
    );
    expect(await webhookTargetProblem(new URL('https://partner.example/'), resolver(['93.184.216.34']))).toBe(
      null,
    );
    const failing = async () => Promise.reject(new Error('ENOTFOUND'));
    expect(await webhookTargetProblem(new URL('https://nowhere.invalid/'), failing)).toMatch(
      /does not resolve/,
    );
  });

  it('answers BAD_USER_INPUT on input.url in production only', async () => {
    await expect(checkWebhookTarget('https://10.0.0.1/', true)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.url' },
    });
    await expect(checkWebhookTarget('https://localhost/h', true)).rejects.toThrow(/loopback/);
    await expect(checkWebhookTarget('http://127.0.0.1:8080/h', false)).resolves.toBeUndefined();
  });
});

describe('the sender', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  const send = (url: string, production: boolean) =>
    postWebhook({
      url,
      secret: 'whsec_x',
      deliveryId: 'd-1',
      kind: 'PROPOSAL_RECEIVED',
      body: '{}',
      timeoutMs: 5000,
      now: new Date(),
      production,
    });

  it('calls no internal address in production, by address or by name (FAILED at once)', async () => {
    const receiver = await startWebhookReceiver();
    stops.push(() => receiver.close());
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    for (const url of [receiver.url, byName]) {
      const outcome = await send(url, true);
      expect(outcome, url).toMatchObject({ ok: false, statusCode: null, final: true });
      expect(outcome.response).toMatch(/^Not sent: .*loopback address/);
    }
    expect(receiver.calls).toEqual([]);
    expect(await send(receiver.url, false)).toMatchObject({ ok: true, statusCode: 204 });
    expect(receiver.calls).toHaveLength(1);
  });

  it('follows no redirect: a 3xx is a failed attempt, its target is not called', async () => {
    const target = await startWebhookReceiver();
    stops.push(() => target.close());
    const redirecting = http.createServer((_, res) => res.writeHead(307, { location: target.url }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => redirecting.close(() => resolve())));
    const { port } = redirecting.address() as AddressInfo;
    const outcome = await send(`http://127.0.0.1:${port}/hook`, false);
    expect(outcome).toMatchObject({ ok: false, statusCode: 307 });
    expect(outcome.final).toBeUndefined();
    expect(target.calls).toEqual([]);
  });
});
