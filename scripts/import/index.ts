import { runCli } from './cli';

/** `npm run import`: see cli.ts and docs/import.md. */
runCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
