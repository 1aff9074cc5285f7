import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFleet, type DemoFleet } from './fleet';
import { DEMO_FLEET } from './storyline';

let fleet: DemoFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

describe('startDemoFleet', () => {
  const anchor = new Date('2026-06-01T12:00:00Z');

  it('points the workload clusters at the management cluster’s OpenSearch and Harbor, with its credentials', async () => {
    fleet = await startDemoFleet({ scenario: 'stock', clusters: [...DEMO_FLEET], at: anchor });
    const mgmt = fleet.members.get('mgmt')!;
    const wc1 = fleet.members.get('wc1')!;
    expect(wc1.urls.opensearch).toBe(mgmt.urls.opensearch);
    expect(wc1.urls.harbor).toBe(mgmt.urls.harbor);
    expect(wc1.credentials.harborPassword).toBe(mgmt.credentials.harborPassword);
    expect(wc1.urls.prometheus).not.toBe(mgmt.urls.prometheus);
    expect(wc1.urls.kubernetes).not.toBe(mgmt.urls.kubernetes);
    const response = await fetch(`${wc1.urls.opensearch}/_cluster/health`, {
      headers: { authorization: `Basic ${Buffer.from(`${wc1.credentials.opensearchUsername}:${wc1.credentials.opensearchPassword}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
  });

  it('during the storyline’s OpenSearch outage the shared OpenSearch answers 500 to every cluster', async () => {
    const outage = new Date(anchor.getTime() - 24.5 * 86_400_000);
    fleet = await startDemoFleet({ scenario: 'stock', clusters: [...DEMO_FLEET], at: outage, anchor });
    const wc2 = fleet.members.get('wc2')!;
    const response = await fetch(`${wc2.urls.opensearch}/_cluster/health`, {
      headers: { authorization: `Basic ${Buffer.from(`${wc2.credentials.opensearchUsername}:${wc2.credentials.opensearchPassword}`).toString('base64')}` },
    });
    expect(response.status).toBe(500);
  });
});
