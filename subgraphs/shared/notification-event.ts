import type { Role } from './identity';
import type { AuditedType } from './writes';

/**
 * The contract between the subgraphs that write and the notifications subgraph that tells people: one
 * `OutboxEvent` per audited change, recorded in the writer's own database in the write's transaction
 * (`shared/outbox.ts`), relayed to the notifications subgraph (`POST /internal/events` on its port), which
 * stores each event once (by `id`) and decides who is told (`notifications/notification.rules.ts`).
 */

/** What the writer knows of the record right after the write: enough for the rules to pick who is told. */
export interface RecordFacts {
  /** Whether a public reader may read the record now (published agreement, open request, published event…). */
  public: boolean;
  /** Territories party to the record: agreement parties, a request's requester, a member, an event's territories. */
  parties: string[];
  /** Networks the record belongs to: a membership's network, an event's organising networks, an experience's. */
  networks: string[];
  /** The record's status after the write, when it has one (PartnershipStatus, RequestStatus, EventStatus…). */
  status?: string | null;
  /** Its status before the write, when the write changed it. */
  previousStatus?: string | null;
  /** A human label in French (title, name) for messages, and in Arabic when the record has one. */
  title: string;
  titleAr?: string | null;
  /** A request's themes and sought partner countries (ISO 3166-1 alpha-2), for "fits my profile". */
  themes?: string[];
  countries?: string[];
  /** The territory that made, or is concerned by, a proposal (propose, accept, decline, withdraw). */
  proposer?: string | null;
  /**
   * The proposer's name in French and in Arabic, for the messages. Optional: the partnerships subgraph does
   * not hold territory names, so the notifications subgraph fills them in from the territories subgraph
   * (`notifications/lookups.ts`, one batched `_entities` call per batch) when the writer left them out.
   */
  proposerName?: string | null;
  proposerNameAr?: string | null;
  /**
   * The territories whose open proposals the write declined besides the one it is about: the other
   * proposers when the requester accepts a proposal (`acceptProposal`) or closes the request
   * (`closeCooperationRequest`).
   */
  declinedProposers?: string[];
  /** Invented (demo) record. */
  demo: boolean;
  /** Whether the write voided (withdrew) the record or a part of it, or corrected it. */
  voided?: boolean;
  corrected?: boolean;
}

/** One change as the notifications subgraph receives it. */
export interface OutboxEvent {
  /** UUID, unique across the hub: the receiver stores each event once. */
  id: string;
  /** The subgraph that wrote (`territories`, `partnerships`, `networks`, `events`). */
  source: string;
  /** ISO timestamp of the write. */
  at: string;
  /** The mutation (the audit entry's action), e.g. `acceptProposal`. */
  action: string;
  type: AuditedType;
  recordId: string;
  version: number;
  actor: { subject: string | null; role: Role; territories: string[]; networks: string[] };
  /** The audit entry's changes. */
  changes: Record<string, unknown>;
  facts: RecordFacts;
}
