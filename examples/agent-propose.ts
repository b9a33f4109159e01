/**
 * An agent proposing a seasonal promotion through the typed MAIS client:
 * it reads the published config, picks packages, and proposes a display rule that features them for
 * the coming season. An admin then reviews the diff and approves (and publishes) or rejects it.
 *
 *   MAIS_URL=http://127.0.0.1:3000 MAIS_SECRET_KEY=sk_live_… [MAIS_PUBLIC_KEY=pk_live_…] npx ts-node examples/agent-propose.ts
 *
 * Packages are taken from MAIS_PACKAGE_IDS (comma-separated), else from the public catalog when
 * MAIS_PUBLIC_KEY is given (the two most expensive), else from those the config already mentions.
 */
import { createAgentClient, createApiClient, MaisApiError, type ConfigDocument, type JsonPatchOperation, type Proposal } from '../clients/agent';

interface Season {
  id: string;
  from: string;
  to: string;
  label: string;
}

/** The next season starting on the first of next month and lasting three months, e.g. 2027-03-01 … 2027-05-31. */
export function nextSeason(today: Date = new Date()): Season {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const label = start.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return { id: `season-${day(start).slice(0, 7)}`, from: day(start), to: day(end), label };
}

/** The RFC 6902 patch adding a rule that features `packageIds` for the season (a unique rule id). */
export function seasonalPromotionPatch(config: ConfigDocument, season: Season, packageIds: string[]): JsonPatchOperation[] {
  const taken = new Set(config.displayRules.map((rule) => rule.id));
  let id = season.id;
  for (let n = 2; taken.has(id); n++) id = `${season.id}-${n}`;
  return [
    // Fails the proposal (rather than misapplying it) if the schema moved on since we read it.
    { op: 'test', path: '/schemaVersion', value: config.schemaVersion },
    { op: 'add', path: '/displayRules/-', value: { id, from: season.from, to: season.to, packageIds, action: 'feature' } },
  ];
}

async function choosePackages(baseUrl: string, config: ConfigDocument): Promise<string[]> {
  const fromEnv = process.env.MAIS_PACKAGE_IDS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fromEnv?.length) return fromEnv;
  const publicKey = process.env.MAIS_PUBLIC_KEY;
  if (publicKey) {
    const widget = createApiClient({ baseUrl, headers: { 'x-tenant-key': publicKey } });
    const packages = await widget.GET('/v1/packages', { query: { sort: 'price_desc' } });
    return packages.slice(0, 2).map((p) => p.id);
  }
  return Object.keys(config.packages).slice(0, 2);
}

export async function proposeSeasonalPromotion(baseUrl: string, secretKey: string): Promise<Proposal> {
  const agent = createAgentClient({ baseUrl, secretKey });
  const published = await agent.getConfig();
  console.log(`Published config: ${published.version === null ? 'none yet (defaults)' : `version ${published.version}`}`);

  const packageIds = await choosePackages(baseUrl, published.config);
  if (packageIds.length === 0) throw new Error('No packages to feature: set MAIS_PACKAGE_IDS or MAIS_PUBLIC_KEY');
  const season = nextSeason();

  const proposal = await agent.propose({
    summary: `Feature ${packageIds.length} package(s) for ${season.label} to ${season.to}`,
    rationale: 'Seasonal demand: featuring a few packages at the top of the widget for the coming three months.',
    patch: seasonalPromotionPatch(published.config, season, packageIds),
    agent: { name: 'seasonal-promoter', model: process.env.MAIS_AGENT_MODEL ?? 'example-script' },
  });
  console.log(`Proposal ${proposal.id} is ${proposal.status}; an admin reviews it at /v1/admin/proposals/${proposal.id}`);
  console.log('Diff against the published config:', JSON.stringify(proposal.diff, null, 2));
  return proposal;
}

if (require.main === module) {
  const baseUrl = process.env.MAIS_URL ?? 'http://127.0.0.1:3000';
  const secretKey = process.env.MAIS_SECRET_KEY;
  if (!secretKey) {
    console.error('Set MAIS_SECRET_KEY to the tenant secret key (sk_live_…), and MAIS_URL to the API (default http://127.0.0.1:3000)');
    process.exit(2);
  }
  proposeSeasonalPromotion(baseUrl, secretKey).catch((error: unknown) => {
    if (error instanceof MaisApiError) {
      console.error(`MAIS refused: ${error.message}`);
      for (const e of error.problem?.errors ?? []) console.error(`  ${e.field}: ${e.message}`);
    } else console.error(error);
    process.exit(1);
  });
}
