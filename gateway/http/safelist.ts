import { GatewayErrorCode } from '../errors';
import { sha256Hex, type Safelist } from '../safelist';
import type { OperationFields } from './operations';
import { HttpError } from './respond';

/** The safelist as the HTTP layer applies it (production with `SAFELIST_PATH` enforces it). */
export interface SafelistOptions {
  operations: Safelist;
  /** Refuse operations not in the manifest (production); otherwise only fill in documents by hash. */
  enforce: boolean;
}

const notAllowed = () =>
  new HttpError(
    400,
    GatewayErrorCode.PersistedQueryNotAllowed,
    'This operation is not in the safelist of registered operations',
  );

/**
 * An operation sent by hash alone gets its document from the manifest; when the safelist is enforced, an
 * operation whose document is not in the manifest is refused.
 */
export function applySafelist(operations: readonly OperationFields[], safelist: SafelistOptions): void {
  for (const operation of operations) {
    if (typeof operation.query === 'string') {
      if (safelist.enforce && !safelist.operations.has(sha256Hex(operation.query))) throw notAllowed();
      continue;
    }
    const hash = operation.extensions?.persistedQuery?.sha256Hash;
    const listed = typeof hash === 'string' ? safelist.operations.get(hash) : undefined;
    if (listed !== undefined) operation.query = listed;
    else if (safelist.enforce) throw notAllowed();
  }
}
