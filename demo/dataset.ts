import { buildClusterModel } from './scenarios/cluster-model';
import { buildHarborData } from './scenarios/harbor-data';
import { buildKubernetesData } from './scenarios/kubernetes-objects';
import { buildOpenSearchData } from './scenarios/opensearch-data';
import { buildPrometheusData } from './scenarios/prometheus-series';
import { profileFor, type ScenarioProfile } from './scenarios/scenario-profile';
import type { DemoDataset, DemoScale, DemoScenario } from './types';

export const DEFAULT_SCALE: DemoScale = {
  namespaces: 12,
  podsPerNamespace: 5,
  harborProjects: 4,
  artifactsPerProject: 8,
  nodes: 4,
  seed: 42,
};

/**
 * Generates the demo cluster's data. Deterministic: the same scenario, scale (seed included) and
 * `now` always give the same dataset. Without `now` the current time is used.
 * @example buildDemoDataset({ scenario: 'stock', now: new Date('2026-01-01T00:00:00Z') })
 */
export function buildDemoDataset(options: { scenario: DemoScenario; scale?: Partial<DemoScale>; now?: Date; profile?: ScenarioProfile }): DemoDataset {
  const scale = resolveScale(options.scale);
  const now = new Date(options.now?.getTime() ?? Date.now());
  // a storyline (demo/storyline.ts) passes the scenario's profile with its incidents applied
  const model = buildClusterModel(options.profile ?? profileFor(options.scenario), scale, now.getTime());
  return {
    scenario: options.scenario,
    scale,
    now,
    clusterName: model.clusterName,
    harborHost: model.harborHost,
    plantedSecrets: model.profile.hasInsecureWorkloads ? [model.plantedSecret] : [],
    kubernetes: buildKubernetesData(model),
    harbor: buildHarborData(model),
    opensearch: buildOpenSearchData(model),
    prometheus: buildPrometheusData(model),
  };
}

function resolveScale(partial: Partial<DemoScale> | undefined): DemoScale {
  const scale = { ...DEFAULT_SCALE, ...partial };
  for (const [name, value] of Object.entries(scale)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`demo scale ${name} must be a non-negative integer, got ${value}`);
  }
  if (scale.nodes < 1) throw new Error('demo scale nodes must be at least 1');
  if (scale.harborProjects < 1) throw new Error('demo scale harborProjects must be at least 1');
  return scale;
}
