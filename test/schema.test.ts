import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse } from 'graphql';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { describe, expect, it } from 'vitest';
import { composeHub, staleFiles } from '../scripts/compose';
import { projectRoot } from '../subgraphs/shared/project';

describe('the committed supergraph', () => {
  it('is what the subgraphs compose to today (run `npm run schema:compose` when this fails)', async () => {
    const files = await composeHub();
    expect(staleFiles(files)).toEqual([]);
  });

  it('describes every type, field, argument and enum value a developer sees in Sandbox', () => {
    const supergraph = fs.readFileSync(path.join(projectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
    const schema = buildASTSchema(transformSupergraphToPublicSchema(parse(supergraph)));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) {
            for (const arg of field.args)
              if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
