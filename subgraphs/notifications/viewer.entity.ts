import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * `Viewer` of the territories subgraph (who the request acts as), extended here with the reader's inbox and
 * their delivery settings. Its key is the token's subject (`public` for the public reader); the fields check
 * that it is the request's own viewer.
 */
@ObjectType('Viewer', {
  description:
    'Who the request acts as: the identity of the bearer token the gateway verified, or the public reader ' +
    'without one.',
})
@Directive('@key(fields: "id")')
export class ViewerEntity {
  @Field(() => ID, { description: 'The token’s subject, or `public` for the public reader.' })
  id: string;
}
