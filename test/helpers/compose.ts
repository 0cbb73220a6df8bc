import { composeServices } from '@theguild/federation-composition';
import type { DocumentNode } from 'graphql';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SubgraphDefinition {
  readonly name: string;
  readonly url: string;
  readonly typeDefs: DocumentNode;
}

/** Composes subgraph SDLs into a supergraph SDL; throws one error listing every composition error. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): string {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (result.errors) {
    throw new Error(`Composition failed:\n- ${result.errors.map((error) => error.message).join('\n- ')}`);
  }
  return result.supergraphSdl;
}

/** Writes `sdl` to a fresh temporary folder; `remove()` deletes the folder. */
export async function writeTempSupergraph(sdl: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-supergraph-'));
  const file = path.join(dir, 'supergraph.graphql');
  await writeFile(file, sdl);
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
