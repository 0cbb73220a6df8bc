import 'reflect-metadata';
import { afterAll } from 'vitest';
import { dropTestSchemas } from './database';

// Registered before any test file's hooks, so it runs after them: the file's subgraphs have stopped.
afterAll(async () => {
  await dropTestSchemas();
});
