import { Directive, Field, InputType, Int, ObjectType } from 'type-graphql';

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
