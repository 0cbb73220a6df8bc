import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  answerTypeFor,
  errorsBody,
  formatErrors,
  GRAPHQL_RESPONSE_TYPE,
  JSON_TYPE,
  resultBody,
  type ErrorHead,
} from './fast-response';

const head = (): ErrorHead => ({ headers: new Map() });

describe('the fast path’s answers', () => {
  it('take the content type Apollo negotiates when Accept leaves no doubt, and leave the rest to Apollo', () => {
    expect(answerTypeFor(undefined)).toBe(JSON_TYPE);
    expect(answerTypeFor('application/graphql-response+json, application/json, multipart/mixed')).toBe(
      GRAPHQL_RESPONSE_TYPE,
    );
    expect(answerTypeFor('multipart/mixed, Application/JSON')).toBe(JSON_TYPE);
    expect(answerTypeFor('application/json;q=0.5, application/graphql-response+json')).toBeUndefined();
    expect(answerTypeFor('*/*')).toBeUndefined();
    expect(answerTypeFor('text/html')).toBeUndefined();
  });

  it('format errors as Apollo: a default code, the HTTP status taken out of the extensions', () => {
    const into = head();
    const [plain, refused] = formatErrors(
      [new Error('boom'), new GraphQLError('too long', { extensions: { code: 'X', http: { status: 400 } } })],
      into,
    );
    expect(plain).toEqual({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(refused).toEqual({ message: 'too long', extensions: { code: 'X' } });
    expect(into.status).toBe(400);
  });

  it('give an error made without extensions (graphql-jit) the code graphql-js’s would get', () => {
    const error = new GraphQLError('failed', { path: ['a'] });
    Object.defineProperty(error, 'extensions', { value: undefined });
    expect(formatErrors([error], head())).toEqual([
      { message: 'failed', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });

  it('answer a variable graphql-js could not coerce with BAD_USER_INPUT and 400, errors before data', () => {
    const operation = parse('query($id: ID!) { a }').definitions[0] as OperationDefinitionNode;
    const node = operation.variableDefinitions![0];
    expect(node.kind).toBe(Kind.VARIABLE_DEFINITION);
    const into = head();
    const error = new GraphQLError('Variable "$id" of required type "ID!" was not provided.', {
      nodes: [node],
    });
    const body = resultBody({ errors: [error] }, into);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(into.status).toBe(400);
    expect(resultBody({ data: { a: 1 }, errors: [new GraphQLError('x')] }, head())).toBe(
      '{"errors":[{"message":"x","extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"a":1}}\n',
    );
  });

  it('answer a refusal before execution with 500 unless the error names its status', () => {
    const into = head();
    expect(errorsBody([new GraphQLError('no')], into)).toBe(
      '{"errors":[{"message":"no","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}\n',
    );
    expect(into.status).toBe(500);
  });
});
