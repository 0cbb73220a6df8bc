import { parse, type DocumentNode } from 'graphql';

/** Template tag that parses an SDL or operation (like graphql-tag, without the dependency). */
export function gql(strings: TemplateStringsArray, ...values: unknown[]): DocumentNode {
  return parse(String.raw({ raw: strings }, ...values));
}

export interface GraphQLResponse<TBody = any> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or the raw text when the body is not JSON. */
  readonly body: TBody;
}

/** POSTs a GraphQL operation as JSON (which also satisfies Apollo's CSRF prevention). */
export async function postGraphQL<TBody = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TBody>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the caller asserts on the raw text.
  }
  return { status: response.status, headers: response.headers, body: body as TBody };
}
