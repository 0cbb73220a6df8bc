import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKind, KINDS } from '../scripts/import/columns';
import { templateCsv, templateXlsx } from '../scripts/import/template';
import { GatewayErrorCode } from './errors';
import { HttpError, methodNotAllowed } from './http/respond';

/**
 * The import templates: `GET /exports/templates/<kind>.csv` and `.xlsx`, one per kind of register
 * (`npm run import`, docs/import.md): the columns, whether each is required, its type and allowed values,
 * and one example row. The same for every caller: they hold no data of the hub.
 */

const PREFIX = '/exports/templates/';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Whether `pathname` is a template's (answered before the exports, whose prefix it shares). */
export const isTemplatePath = (pathname: string) => pathname.startsWith(PREFIX);

/** Answers `/exports/templates/*`; refusals are thrown as `HttpError`s in the HTTP layer's one shape. */
export async function handleTemplateRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(pathname.slice(PREFIX.length));
  const kind = match?.[1] ?? '';
  if (!match || !isKind(kind)) {
    const names = KINDS.map((kind) => `${kind}.csv, ${kind}.xlsx`).join(', ');
    throw new HttpError(
      404,
      GatewayErrorCode.NotFound,
      `No template ${pathname.slice(0, 200)}: try ${names}`,
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  const extension = match[2];
  const body = extension === 'csv' ? templateCsv(kind) : await templateXlsx(kind);
  res.statusCode = 200;
  res.setHeader('content-type', extension === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  res.setHeader('content-disposition', `attachment; filename="passerelle-${kind}.${extension}"`);
  res.end(req.method === 'HEAD' ? undefined : body);
}
