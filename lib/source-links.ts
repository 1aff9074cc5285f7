import type { ClusterConfig, SourceUiUrls } from '@/lib/config';

/**
 * Links from a check into the source's own web UI, so that an officer can see what Refmap saw where
 * the platform team looks every day. Base URLs come from the configuration, which refuses URLs with
 * credentials in them, and nothing but a path and the query is added here: a link never carries a
 * token or a password. Pure: pages pass the configuration in.
 */

export interface SourceLink {
  /** e.g. "Open in Prometheus" */
  label: string;
  href: string;
}

export interface SourceUiBases {
  prometheus?: string;
  harbor?: string;
  opensearchDashboards?: string;
}

/**
 * Where each source's UI lives for a cluster: the explicit UI setting, else the source URL itself
 * (Prometheus and Harbor serve their UI next to their API). OpenSearch Dashboards runs apart from
 * OpenSearch, so only its own setting counts. The demo cluster has no UIs.
 */
export function sourceUiBases(cluster: Pick<ClusterConfig, 'sources'> | undefined, overrides: SourceUiUrls): SourceUiBases {
  return {
    prometheus: overrides.prometheus ?? cluster?.sources.prometheus?.url,
    harbor: overrides.harbor ?? cluster?.sources.harbor?.url,
    opensearchDashboards: overrides.opensearchDashboards,
  };
}

/** Prometheus's graph page wants "YYYY-MM-DD HH:MM:SS" in UTC for the moment of a table query. */
function prometheusMoment(observedAt: string): string {
  return new Date(observedAt).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The link for one check, or null when its source has no UI configured (or no UI at all, like the
 * Kubernetes API).
 * @example sourceLinkFor({ prometheus: 'https://prom.example.com' }, { source: 'prometheus', query: 'up', observedAt: '2026-11-29T19:33:00Z' })
 * // { label: 'Open in Prometheus', href: 'https://prom.example.com/graph?g0.expr=up&g0.tab=1&g0.moment_input=2026-11-29%2019%3A33%3A00' }
 */
export function sourceLinkFor(bases: SourceUiBases, check: { source: string; query: string; observedAt: string }): SourceLink | null {
  if (check.source === 'prometheus' && bases.prometheus) {
    const params = new URLSearchParams({ 'g0.expr': check.query, 'g0.tab': '1', 'g0.moment_input': prometheusMoment(check.observedAt) });
    return { label: 'Open in Prometheus', href: `${bases.prometheus}/graph?${params.toString().replaceAll('+', '%20')}` };
  }
  if (check.source === 'harbor' && bases.harbor) {
    return { label: 'Open Harbor projects', href: `${bases.harbor}/harbor/projects` };
  }
  if (check.source === 'opensearch' && bases.opensearchDashboards) {
    // the day before the observation, the window most log checks look at; /app/discover is the URL
    // older Dashboards serve and newer ones redirect to their data explorer
    const to = new Date(check.observedAt);
    const from = new Date(to.getTime() - 86_400_000);
    return {
      label: 'Open in OpenSearch Dashboards',
      href: `${bases.opensearchDashboards}/app/discover#/?_g=(time:(from:'${from.toISOString()}',to:'${to.toISOString()}'))`,
    };
  }
  return null;
}

/** Why a check has no link, for the drilldown to say instead of leaving a silent gap. */
export function missingLinkReason(source: string): string | null {
  switch (source) {
    case 'prometheus':
      return 'No Prometheus UI configured (PROMETHEUS_URL or REFMAP_PROMETHEUS_UI_URL).';
    case 'harbor':
      return 'No Harbor UI configured (HARBOR_URL or REFMAP_HARBOR_UI_URL).';
    case 'opensearch':
      return 'No OpenSearch Dashboards configured (REFMAP_OPENSEARCH_DASHBOARDS_URL).';
    default:
      return null;
  }
}
