import { runLoad, type LoadJob } from './load';

/**
 * The load driver process of `npm run bench`: forked with an IPC channel, it runs each job it receives and
 * answers with the result, so the load is generated outside the processes it measures.
 */
process.on('message', (message: { id: number; job: LoadJob }) => {
  runLoad(message.job).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) =>
      process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
