import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * What `GET /` (and `/graphql`) shows a browser when Apollo Sandbox is off (production): a static page of the
 * hub's own. Apollo's production default loads a script from Apollo's CDN and prints the Apollo Server
 * version, which tells a scanner which advisories to try; this page loads nothing and names no software.
 */
export const LANDING_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Passerelle · GraphQL API</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f7f8fa; }
main { max-width: 44rem; margin: 3rem auto; padding: 0 1.25rem; }
code, pre { font: 14px/1.4 ui-monospace, monospace; background: #e9edf2; border-radius: 4px; }
code { padding: 0 .25rem; }
pre { padding: .75rem; overflow-x: auto; }
</style>
</head>
<body>
<main>
<h1>Passerelle · GraphQL API</h1>
<p>This is the GraphQL endpoint of Passerelle, the hub of the international decentralized cooperation of
Moroccan local authorities: their partnerships, networks, events and experiences.</p>
<h2>How to call it</h2>
<p>Send <code>POST /graphql</code> with <code>Content-Type: application/json</code> and a body
<code>{"query": "…", "variables": {…}}</code>:</p>
<pre>curl https://&lt;this host&gt;/graphql \\
  -H 'content-type: application/json' \\
  -d '{"query": "{ sdgs { number title } }"}'</pre>
<p>Reading is public. Writing needs <code>Authorization: Bearer &lt;token&gt;</code> from the hub's identity
provider. Every error carries a code in <code>extensions.code</code>.</p>
<h2>Documentation</h2>
<ul>
<li>The schema (<code>schema/supergraph.graphql</code>) and the guides (<code>docs/</code>) ship with the
project's source; introspection is off on this server.</li>
<li><a href="/dashboard">The dashboard</a>, built on this API alone.</li>
<li><a href="https://graphql.github.io/graphql-over-http/draft/">GraphQL over HTTP</a>, the protocol.</li>
</ul>
</main>
</body>
</html>
`;

/** Serves `LANDING_PAGE_HTML` as Apollo Server's landing page (in place of Sandbox or Apollo's own page). */
export function staticLandingPagePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: LANDING_PAGE_HTML };
        },
      };
    },
  };
}
