import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../shared/config';
import { fetchLookups, LookupUnavailableError } from './lookups';

/**
 * The lookups never take a failed answer for "nobody to tell": a peer answering anything but a 2xx with
 * every entity asked and no `errors` fails the batch (`LookupUnavailableError`: ingest answers 503, the
 * relay sends it again), where it used to be stored telling nobody.
 */

const SECRET = 'a-test-internal-secret-of-32-characters-or-more';
let answer: { status: number; body: unknown };
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const options = () => ({
  peers: { networks: url, partnerships: url, territories: url } as Record<SubgraphName, string>,
  internalAuthSecret: SECRET,
});
const members = () => fetchLookups({ requests: [], networks: ['uclg'] }, options());

describe('the lookups of the rules', () => {
  it('answer what the peer says when it answers every entity asked', async () => {
    answer = {
      status: 200,
      body: { data: { _entities: [{ id: 'uclg', memberships: [{ territory: { id: 'FR-montpellier' } }] }] } },
    };
    expect((await members()).members('uclg')).toEqual(['FR-montpellier']);
  });

  it.each([
    ['a 4xx', { status: 400, body: { errors: [{ message: 'bad request' }] } }],
    [
      'a 200 with errors',
      { status: 200, body: { data: { _entities: [null] }, errors: [{ message: 'boom' }] } },
    ],
    ['a null entity', { status: 200, body: { data: { _entities: [null] } } }],
    ['no entities at all', { status: 200, body: { data: null } }],
    ['a 5xx', { status: 503, body: {} }],
  ])('fail as unavailable on %s, never as "no members"', async (_, given) => {
    answer = given;
    await expect(members()).rejects.toBeInstanceOf(LookupUnavailableError);
  });
});
