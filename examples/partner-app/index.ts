import { PasserelleClient } from './client';

/**
 * A partner application's own question, composed in one query across the four subgraphs: for a
 * commune, its agreements and partners (partnerships), its networks and what their other members
 * shared on one SDG (networks + events), its open requests with the candidate partners the hub
 * suggests (partnerships, using events and networks), and the bilan of its region.
 *
 *   npx tsc -p examples/partner-app && node examples/partner-app/dist/index.js [territoryId] [sdg]
 */
export const PARTNER_QUERY = `query PartnerApp($id: ID!, $sdg: Int!, $region: ID) {
  territory(id: $id) {
    id
    name
    nameAr: name(lang: AR)
    region { id name }
    partnerships { id title status signedOn isDormant parties { territory { name country { code } } } }
    memberships {
      network {
        acronym
        memberExperiences(sdg: $sdg, excludeTerritoryId: $id, first: 5) { title territory { name } }
      }
    }
    requests(statuses: [OPEN, IN_DISCUSSION]) {
      title
      candidatePartners(first: 3) { score territory { name country { name } } reasons { code message } }
    }
  }
  cooperationReport(region: $region) {
    agreements { total byCountry { country { name } count } }
    dormantAgreements { totalCount }
  }
}`;

export interface PartnerAnswer {
  territory: {
    id: string;
    name: string;
    nameAr: string;
    region: { id: string; name: string } | null;
    partnerships: {
      id: string;
      title: string;
      status: string;
      signedOn: string | null;
      isDormant: boolean;
      parties: { territory: { name: string; country: { code: string } } }[];
    }[];
    memberships: {
      network: { acronym: string; memberExperiences: { title: string; territory: { name: string } }[] };
    }[];
    requests: {
      title: string;
      candidatePartners: {
        score: number;
        territory: { name: string; country: { name: string } };
        reasons: { code: string; message: string }[];
      }[];
    }[];
  } | null;
  cooperationReport: {
    agreements: { total: number; byCountry: { country: { name: string }; count: number }[] };
    dormantAgreements: { totalCount: number };
  };
}

/** Asks the question for one territory (its region's bilan comes with it). */
export async function describeTerritory(
  client: PasserelleClient,
  territoryId: string,
  sdg: number,
): Promise<PartnerAnswer> {
  const region = /^\d{2}/.exec(territoryId)?.[0] ?? null;
  return client.request<PartnerAnswer>(PARTNER_QUERY, { id: territoryId, sdg, region });
}

/** A plain-text summary of the answer, as a partner's app might print it. */
export function summarise(answer: PartnerAnswer): string {
  const t = answer.territory;
  if (!t) return 'Unknown territory';
  const lines = [`${t.name} (${t.nameAr}) — ${t.region?.name ?? 'foreign authority'}`];
  lines.push(`Agreements: ${t.partnerships.length}`);
  for (const p of t.partnerships.slice(0, 5)) {
    lines.push(`  • ${p.title} [${p.status}${p.isDormant ? ', dormant' : ''}]`);
  }
  lines.push(`Networks: ${t.memberships.map((m) => m.network.acronym).join(', ') || '—'}`);
  for (const m of t.memberships) {
    for (const x of m.network.memberExperiences)
      lines.push(`  ↳ ${m.network.acronym}: ${x.title} (${x.territory.name})`);
  }
  for (const r of t.requests) {
    lines.push(`Request: ${r.title}`);
    for (const c of r.candidatePartners) {
      lines.push(
        `  → ${c.territory.name} (${c.territory.country.name}), score ${c.score}: ${c.reasons[0]?.message ?? ''}`,
      );
    }
  }
  const report = answer.cooperationReport;
  lines.push(
    `Region bilan: ${report.agreements.total} agreements, ${report.dormantAgreements.totalCount} dormant`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const url = process.env.PASSERELLE_URL ?? 'http://localhost:4000/';
  const client = new PasserelleClient({ url, authorization: process.env.PASSERELLE_TOKEN });
  const [territoryId = '03.231.01.0', sdg = '6'] = process.argv.slice(2);
  const answer = await describeTerritory(client, territoryId, Number(sdg));
  console.log(summarise(answer));
  console.log(`(sent as: ${client.lastDelivery})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
