import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKind, KINDS } from '../scripts/import/columns';
import { templateCsv, templateXlsx } from '../scripts/import/template';

/**
 * The import templates: `GET /exports/templates/<kind>.csv` and `.xlsx`, one per kind of register
 * (`npm run import`, docs/import.md): the columns, whether each is required, its type and allowed values,
 * and one example row. The same for every caller: they hold no data of the hub.
 */

const PREFIX = '/exports/templates/';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Answers `/exports/templates/*` and returns true, or returns false for any other path. Never throws. */
export function handleTemplateRequest(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith(PREFIX)) return false;
  const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(pathname.slice(PREFIX.length));
  const kind = match?.[1] ?? '';
  if (!match || !isKind(kind)) {
    const names = KINDS.map((kind) => `${kind}.csv, ${kind}.xlsx`).join(', ');
    sendError(res, 404, 'NOT_FOUND', `No template ${pathname}: try ${names}`);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
    return true;
  }
  const extension = match[2];
  void (async () => {
    const body = extension === 'csv' ? templateCsv(kind) : await templateXlsx(kind);
    res.statusCode = 200;
    res.setHeader('content-type', extension === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
    res.setHeader('content-disposition', `attachment; filename="passerelle-${kind}.${extension}"`);
    res.end(req.method === 'HEAD' ? undefined : body);
  })().catch(() => {
    if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'The template could not be built');
    else res.destroy();
  });
  return true;
}
