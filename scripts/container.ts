/**
 * The container's entry point: `gateway` (default) or `subgraph <name>`, so one image serves every
 * service of the hub (docker/compose.yaml).
 */
const [role = 'gateway', name] = process.argv.slice(2);

if (role === 'gateway') {
  void import('../gateway/index.js');
} else if (role === 'subgraph' && name) {
  process.argv.splice(2, process.argv.length - 2, name);
  void import('../subgraphs/index.js');
} else {
  console.error(
    'Usage: container.js gateway | container.js subgraph <territories|partnerships|networks|events|notifications>',
  );
  process.exit(2);
}
