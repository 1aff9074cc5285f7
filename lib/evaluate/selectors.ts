import type { LabelSelectorSummary } from '@/lib/sources/types';

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every matchExpression must hold;
 * an empty selector selects everything.
 * @example selects({ matchLabels: { app: 'web' }, matchExpressions: [] }, { app: 'web', tier: 'front' }) // true
 */
export function selects(selector: LabelSelectorSummary, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions) {
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In':
        if (value === undefined || !expression.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && expression.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        // an operator we do not know cannot be shown to select the pod
        return false;
    }
  }
  return true;
}
