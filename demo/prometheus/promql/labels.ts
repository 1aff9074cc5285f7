/** A series' label set. Raw series carry their metric name as the `__name__` label. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

const SEPARATOR = '\u00ff';

/** A string that is equal for two label sets exactly when the label sets are equal. */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}${SEPARATOR}${labels[name]}`)
    .join(SEPARATOR);
}

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _dropped, ...rest } = labels;
  return rest;
}

/** Keeps only the named labels (missing ones stay missing). */
export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') kept[name] = value;
  }
  return kept;
}

/** Removes the named labels. */
export function removeLabels(labels: Labels, names: readonly string[]): Labels {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!names.includes(name)) kept[name] = value;
  }
  return kept;
}

/**
 * The key two series are matched on in a binary operation: only the `on(...)` labels, or every
 * label except the `ignoring(...)` ones and the metric name.
 */
export function matchingKey(labels: Labels, on: boolean, names: readonly string[]): string {
  if (on) return labelsKey(keepLabels(labels, names));
  return labelsKey(removeLabels(labels, [...names, METRIC_NAME]));
}

/** Orders label sets the way Prometheus's labels.Compare does (used to sort matrices). */
export function compareLabels(a: Labels, b: Labels): number {
  const aNames = Object.keys(a).sort();
  const bNames = Object.keys(b).sort();
  const length = Math.min(aNames.length, bNames.length);
  for (let index = 0; index < length; index += 1) {
    const aName = aNames[index] as string;
    const bName = bNames[index] as string;
    if (aName !== bName) return aName < bName ? -1 : 1;
    const aValue = a[aName] as string;
    const bValue = b[bName] as string;
    if (aValue !== bValue) return aValue < bValue ? -1 : 1;
  }
  return aNames.length - bNames.length;
}

/** Prometheus's text form of a label set, e.g. `{job="node", instance="a"}`, for messages. */
export function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${parts.join(', ')}}`;
}

/** The same label set with names in sorted order, which is how Prometheus prints them in JSON. */
export function sortedLabels(labels: Labels): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name] as string;
  return sorted;
}
