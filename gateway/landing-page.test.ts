import type { GraphQLServerListener } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { startBanner } from './banner';
import {
  addHubLinks,
  landingPageHtml,
  sandboxLandingPagePlugin,
  staticLandingPagePlugin,
} from './landing-page';

const links = (html: string) => [...html.matchAll(/<a[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);

/** The HTML a landing page plugin answers to a browser. */
async function rendered(plugin: ReturnType<typeof staticLandingPagePlugin>): Promise<string> {
  const listener = (await plugin.serverWillStart!({} as never)) as GraphQLServerListener;
  const { html } = await listener.renderLandingPage!();
  return typeof html === 'string' ? html : html();
}

describe('the production landing page', () => {
  it('links to the dashboard, and to GraphiQL only where it is served', () => {
    const closed = landingPageHtml({ graphiql: false });
    expect(links(closed)).toContain('/dashboard');
    expect(links(closed)).not.toContain('/graphiql');
    expect(closed).toMatch(/introspection is off/);
    const open = landingPageHtml({ graphiql: true });
    expect(links(open)).toEqual(expect.arrayContaining(['/graphiql', '/dashboard']));
    expect(open).not.toMatch(/introspection is off/);
    for (const html of [closed, open]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/apollo/i);
    }
  });

  it('is what the plugin serves', async () => {
    expect(await rendered(staticLandingPagePlugin({ graphiql: true }))).toBe(
      landingPageHtml({ graphiql: true }),
    );
  });
});

describe('the development landing page (Apollo Sandbox)', () => {
  it('adds links to GraphiQL and the dashboard above Sandbox, allowed by the page’s own policy', async () => {
    const html = await rendered(sandboxLandingPagePlugin({ graphiql: true }));
    expect(html).toMatch(/embeddable-sandbox/);
    expect(links(html)).toEqual(expect.arrayContaining(['/graphiql', '/dashboard']));
    expect(html).toMatch(/Sandbox[^<]*needs the internet/);
    // The offline fallback points to them too.
    expect(html).not.toMatch(/it appears that you might be offline/);
    expect(html).toMatch(/Offline, use <a href="\/graphiql">GraphiQL<\/a>/);
    // Every <style> carries the nonce the Content-Security-Policy allows.
    const nonce = /style-src 'nonce-([0-9a-f]+)'/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    const styles = [...html.matchAll(/<style([^>]*)>/g)].map((m) => m[1]);
    expect(styles.length).toBeGreaterThan(1);
    for (const attributes of styles) expect(attributes.replaceAll('"', '')).toBe(` nonce=${nonce}`);
  });

  it('does not link to GraphiQL where it is not served', async () => {
    const html = await rendered(sandboxLandingPagePlugin({ graphiql: false }));
    expect(links(html)).toContain('/dashboard');
    expect(links(html)).not.toContain('/graphiql');
  });

  it('refuses a Sandbox page it cannot add the links to, rather than serving it without them', () => {
    expect(() => addHubLinks('<html><body></body></html>', { graphiql: true })).toThrow(/nonce/);
  });
});

describe('the start banner', () => {
  it('prints where GraphiQL and the dashboard are when introspection is on', () => {
    const gateway = { port: 4000, metricsPort: undefined };
    const base = { host: '127.0.0.1', sandbox: true, metrics: false };
    expect(startBanner({ ...base, introspection: true }, gateway).join('\n')).toMatch(
      /GraphiQL \(works offline\) at http:\/\/localhost:4000\/graphiql .*http:\/\/localhost:4000\/dashboard/,
    );
    expect(startBanner({ ...base, introspection: false }, gateway).join('\n')).not.toMatch(/graphiql/i);
  });
});
