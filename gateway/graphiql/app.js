/* global document, window, URL, React, ReactDOM, GraphiQL */
// GraphiQL at /graphiql: the IDE of the `graphiql` package (its browser build, served by the gateway with
// React 18 from node_modules), sending every operation to POST / of this gateway. Headers typed in the
// header editor (a bearer token) are kept for this tab only, never stored in the browser.
'use strict';

const DEFAULT_QUERY = `# Passerelle's GraphQL API.
# Run it with ▶ (Ctrl-Enter).
# Docs (top left): every type and
# field, with its description.
# Reading is public. To write, open
# Headers below and paste
# {"Authorization": "Bearer …"}
#
# Fès: its agreements, the partners'
# countries, and its networks.
query Fes {
  territory(id: "03.231.01.0") {
    name
    nameAr: name(lang: AR)
    partnerships {
      title
      kind
      status
      signedOn
      isDemo
      parties {
        role
        territory {
          name
          country {
            code
            name
          }
        }
      }
    }
    memberships {
      role
      network {
        acronym
        name
      }
    }
  }
}
`;

function start() {
  const container = document.getElementById('graphiql');
  const fetcher = GraphiQL.createFetcher({ url: new URL('/', window.location.href).toString() });
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
  document.body.dataset.state = 'ready';
}

try {
  start();
} catch (error) {
  document.body.dataset.state = 'failed';
  document.getElementById('graphiql').textContent = `GraphiQL could not start: ${error}`;
}
