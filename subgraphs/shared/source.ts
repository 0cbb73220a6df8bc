import { Directive, Field, InputType, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors';
import { checkUrl } from './validate';
import { optionalText } from './writes';

@ObjectType({ description: 'A public source documenting a record: where a reader can check it.' })
@Directive('@shareable')
export class Source {
  @Field({ description: 'The address of the source.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'The title or publisher of the source, when known.' })
  title: string | null;
}

@ObjectType({ description: 'How many records fall under one key (a kind, a status, a year, a language…).' })
@Directive('@shareable')
export class KeyCount {
  @Field({ description: 'The key: an enum value, a year or a code.' })
  key: string;

  @Field(() => Int, { description: 'How many records have this key.' })
  count: number;
}

@InputType({ description: 'A public source documenting a record (the same input in every subgraph).' })
export class SourceInput {
  @Field({ description: 'Its address (http or https).' })
  url: string;

  @Field(() => String, { nullable: true, description: 'Its title, when it has one.' })
  title?: string | null;
}

/** The most sources one record keeps, in every subgraph. */
export const MAX_SOURCES = 20;

/** The longest source title accepted. */
export const MAX_SOURCE_TITLE = 300;

/** How a refusal names a source: `input.sources[0].url` (the default) or `input.sources.0.url`. */
export type IndexStyle = 'bracket' | 'dot';

/**
 * The sources of a write, checked the same way in every subgraph: each URL trimmed and an http(s) address
 * (BAD_USER_INPUT naming `<field>[i].url`), at most `MAX_SOURCES`, a repeated URL kept once, a title trimmed
 * (≤ 300 characters) or null; with `required`, at least one. Returns the clean list.
 */
export function checkSources(
  sources: readonly SourceInput[] | null | undefined,
  field: string,
  options: { required?: boolean; index?: IndexStyle } = {},
): { url: string; title: string | null }[] {
  const list = sources ?? [];
  if (options.required && list.length === 0) {
    throw new BadUserInputError('Give at least one public source (an http:// or https:// address)', field);
  }
  if (list.length > MAX_SOURCES)
    throw new BadUserInputError(`At most ${MAX_SOURCES} sources are kept`, field);
  const at = (i: number) => (options.index === 'dot' ? `${field}.${i}` : `${field}[${i}]`);
  const seen = new Map<string, { url: string; title: string | null }>();
  list.forEach((source, i) => {
    const url = checkUrl(source.url, `${at(i)}.url`, ['http:', 'https:'], 2000);
    const title = optionalText(source.title, `${at(i)}.title`, MAX_SOURCE_TITLE);
    if (!seen.has(url)) seen.set(url, { url, title });
  });
  return [...seen.values()];
}
