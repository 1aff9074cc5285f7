import type { Evaluator } from '../../evaluator';
import { kubernetesCel } from './kubernetes-cel';
import { kubernetesLabel } from './kubernetes-label';
import { opensearchQuery } from './opensearch-query';
import { promql } from './promql';

/** Evaluators an organisation can use from its catalog data alone. */
export const GENERIC_EVALUATORS: Evaluator[] = [promql, kubernetesCel, opensearchQuery, kubernetesLabel];
