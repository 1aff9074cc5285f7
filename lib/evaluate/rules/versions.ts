/**
 * The minor version of a Kubernetes version string.
 * @example minorOf('v1.30.4') // 30
 * @example minorOf('v1.30.4-eks-1234') // 30
 */
export function minorOf(version: string): number | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? Number(match[2]) : undefined;
}
