import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardFile, handleDashboardRequest } from '../gateway/dashboard/serve';
import { HttpError } from '../gateway/http/respond';

/** The record pages' paths answer the pages' shell; their scripts and styles are served from its folder. */
describe('dashboardFile maps the record pages', () => {
  const shell = { file: path.join('pages', 'index.html'), type: 'text/html; charset=utf-8' };

  it.each([
    '/dashboard/directory',
    '/dashboard/directory/',
    '/dashboard/requests',
    '/dashboard/events',
    '/dashboard/agreement/ma-ex03-2013',
    '/dashboard/territory/01.151.01.01',
    '/dashboard/network/uclg-africa',
    '/dashboard/agreement/a%20b',
  ])('%s → pages/index.html', (pathname) => {
    expect(dashboardFile(pathname)).toEqual(shell);
  });

  it('serves the pages’ scripts and styles', () => {
    expect(dashboardFile('/dashboard/pages/directory.js')).toEqual({
      file: path.join('pages', 'directory.js'),
      type: 'text/javascript; charset=utf-8',
    });
    expect(dashboardFile('/dashboard/pages/pages.css')?.type).toBe('text/css; charset=utf-8');
  });

  it.each([
    '/dashboard/agreement',
    '/dashboard/agreement/',
    '/dashboard/agreement/a/b',
    '/dashboard/territories',
    '/dashboard/directory/x',
    '/dashboard/pages/../serve.ts',
  ])('%s is not a page', (pathname) => {
    expect(dashboardFile(pathname)).toBeUndefined();
  });

  it('leaves the bilan page as it was', () => {
    expect(dashboardFile('/dashboard')?.file).toBe('index.html');
  });
});

/** A page asset nobody wrote is an unknown path, as any other: 404 NOT_FOUND, not a broken install's 500. */
describe('handleDashboardRequest answers the pages’ assets', () => {
  const get = { method: 'GET' } as IncomingMessage;
  const refusal = (pathname: string) => {
    try {
      handleDashboardRequest(get, { setHeader() {}, end() {} } as unknown as ServerResponse, pathname);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it.each(['/dashboard/pages/nope.js', '/dashboard/pages/nope.css'])('%s → 404 NOT_FOUND', (pathname) => {
    const error = refusal(pathname);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('serves an asset that exists', () => {
    expect(refusal('/dashboard/pages/directory.js')).toBeUndefined();
  });
});
