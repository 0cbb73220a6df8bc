import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** What the landing pages link to besides GraphQL itself. */
export interface LandingPageOptions {
  /** `/graphiql` (the offline IDE) is served: where introspection is on. */
  graphiql: boolean;
}

/**
 * What `GET /` (and `/graphql`) shows a browser when Apollo Sandbox is off (production): a static page of the
 * hub's own. Apollo's production default loads a script from Apollo's CDN and prints the Apollo Server
 * version, which tells a scanner which advisories to try; this page loads nothing and names no software but
 * the IDE the operator chose to serve (GraphiQL, only with introspection on).
 */
export function landingPageHtml({ graphiql }: LandingPageOptions): string {
  const documentation = graphiql
    ? `<li><a href="/graphiql">GraphiQL</a>, an IDE served by this server, with the schema's descriptions.</li>`
    : `<li>The schema (<code>schema/supergraph.graphql</code>) and the guides (<code>docs/</code>) ship with the
project's source; introspection is off on this server.</li>`;
  return `<!doctype html>
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
a { color: #0b57a4; }
</style>
</head>
<body>
<main>
<h1>Passerelle · GraphQL API</h1>
<p>This is the GraphQL endpoint of Passerelle, the hub of the international decentralized cooperation of
Moroccan local authorities: their partnerships, networks, events and experiences.</p>
<p><a href="/dashboard">Open the dashboard</a>: the cooperation's figures, built on this API alone.</p>
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
${documentation}
<li><a href="https://graphql.github.io/graphql-over-http/draft/">GraphQL over HTTP</a>, the protocol.</li>
</ul>
</main>
</body>
</html>
`;
}

/** Serves `landingPageHtml` as Apollo Server's landing page (in place of Sandbox or Apollo's own page). */
export function staticLandingPagePlugin<TContext extends BaseContext>(
  options: LandingPageOptions = { graphiql: false },
): ApolloServerPlugin<TContext> {
  const html = landingPageHtml(options);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/**
 * The links the development landing page adds above Apollo Sandbox, which is loaded from Apollo's servers
 * and so needs the internet: GraphiQL (offline) and the dashboard. `nonce` is the page's own, which its
 * Content-Security-Policy requires of every `<style>`.
 */
function hubLinks({ graphiql }: LandingPageOptions, nonce: string): string {
  const ide = graphiql
    ? `<a href="/graphiql">GraphiQL: the IDE that works offline</a>`
    : `<span>GraphiQL is off (introspection is off)</span>`;
  return `<style nonce="${nonce}">
  .passerelle-bar { position: absolute; top: 0; left: 0; right: 0; height: 2.25rem; box-sizing: border-box;
    display: flex; gap: 1.25rem; align-items: center; padding: 0 1rem; overflow: hidden; white-space: nowrap;
    font: 14px/1.4 system-ui, sans-serif; background: #f7f8fa; color: #1d2733; border-bottom: 1px solid #d5dbe3; }
  .passerelle-bar a { color: #0b57a4; }
  #embeddableSandbox { top: 2.25rem !important; height: calc(100vh - 2.25rem) !important; }
  .fallback { margin-top: 2.25rem; }
</style>
<nav class="passerelle-bar" aria-label="Passerelle">
  <strong>Passerelle</strong>
  ${ide}
  <a href="/dashboard">Dashboard</a>
  <span>Apollo Sandbox, below, needs the internet.</span>
</nav>`;
}

const FALLBACK_TEXT = /<p>Apollo Sandbox cannot be loaded; it appears that you might be offline\.<\/p>/;

/** Apollo's Sandbox page with the hub's links on top, and an offline fallback that points to them. */
export function addHubLinks(html: string, options: LandingPageOptions): string {
  const nonce = /<style nonce="?([0-9a-f]+)"?>/.exec(html)?.[1];
  if (!nonce) throw new Error('Apollo Sandbox page without a style nonce: the hub links cannot be added');
  const offline = options.graphiql
    ? '<p>Apollo Sandbox is loaded from the internet and cannot be reached. Offline, use ' +
      '<a href="/graphiql">GraphiQL</a> or <a href="/dashboard">the dashboard</a>.</p>'
    : '<p>Apollo Sandbox is loaded from the internet and cannot be reached. Offline, use ' +
      '<a href="/dashboard">the dashboard</a>.</p>';
  return html
    .replace('<body>', `<body>\n${hubLinks(options, nonce)}`)
    .replaceAll('<h1>Welcome to Apollo Server</h1>', '<h1>Passerelle · GraphQL API</h1>')
    .replace(FALLBACK_TEXT, offline);
}

/**
 * Apollo Sandbox on `GET /` (development), with links to the hub's offline IDE and dashboard above it:
 * Sandbox itself comes from Apollo's CDN and does not load offline.
 */
export function sandboxLandingPagePlugin<TContext extends BaseContext>(
  options: LandingPageOptions,
): ApolloServerPlugin<TContext> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({
    footer: false,
  }) as ApolloServerPlugin<TContext>;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!render) throw new Error('Apollo Sandbox renders no landing page');
      return {
        ...listener,
        async renderLandingPage() {
          const { html } = await render();
          return {
            html: async () => addHubLinks(typeof html === 'string' ? html : await html(), options),
          };
        },
      };
    },
  };
}
