import type { KubeObject } from '../types';

/**
 * Label and field selectors of list calls (`labelSelector=app=web,tier!=db`,
 * `fieldSelector=spec.nodeName=node-1`), covering the operators the API server accepts.
 */

export interface Selector {
  target: 'label' | 'field';
  key: string;
  op: '=' | '!=' | 'exists' | '!exists' | 'in' | 'notin';
  values: string[];
}

export class SelectorError extends Error {}

const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase'];

export function parseLabelSelector(text: string): Selector[] {
  return splitRequirements(text).map((requirement) => {
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (set !== null) {
      const values = (set[3] ?? '').split(',').map((value) => value.trim()).filter((value) => value !== '');
      return { target: 'label', key: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values };
    }
    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(requirement);
    if (equality !== null) return { target: 'label', key: equality[1] ?? '', op: equality[2] === '!=' ? '!=' : '=', values: [equality[3] ?? ''] };
    const exists = /^(!?)([\w./-]+)$/.exec(requirement);
    if (exists !== null) return { target: 'label', key: exists[2] ?? '', op: exists[1] === '!' ? '!exists' : 'exists', values: [] };
    throw new SelectorError(`unable to parse requirement: found '${requirement}', expected: identifier`);
  });
}

export function parseFieldSelector(text: string): Selector[] {
  return splitRequirements(text).map((requirement) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(requirement);
    if (match === null) throw new SelectorError(`invalid selector: '${requirement}'; can't understand '${requirement}'`);
    const key = match[1] ?? '';
    if (!SUPPORTED_FIELDS.includes(key)) throw new SelectorError(`field label not supported: ${key}`);
    return { target: 'field', key, op: match[2] === '!=' ? '!=' : '=', values: [match[3] ?? ''] };
  });
}

export function matchesSelectors(item: KubeObject, selectors: readonly Selector[]): boolean {
  return selectors.every((selector) => {
    const value = selector.target === 'label' ? item.metadata.labels?.[selector.key] : fieldValue(item, selector.key);
    switch (selector.op) {
      case '=':
        return value === selector.values[0];
      case '!=':
        return value !== selector.values[0];
      case 'exists':
        return value !== undefined;
      case '!exists':
        return value === undefined;
      case 'in':
        return value !== undefined && selector.values.includes(value);
      case 'notin':
        return value === undefined || !selector.values.includes(value);
    }
  });
}

/** Splits on commas that are not inside `in (...)` lists. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

function fieldValue(item: KubeObject, path: string): string | undefined {
  let current: unknown = item;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'string' ? current : undefined;
}
