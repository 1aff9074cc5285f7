import type { Evaluator } from '../../evaluator';
import { argocdApplicationsSynced } from './argocd-applications-synced';
import { argocdAppInfoSynced } from './argocd-app-info-synced';

export const SECTION_4_EVALUATORS: Evaluator[] = [argocdAppInfoSynced, argocdApplicationsSynced];
