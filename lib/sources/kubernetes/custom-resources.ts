import 'server-only';
import { z } from 'zod';
import { SourceError } from '@/lib/sources/source-error';
import type { CustomResourceList } from '@/lib/sources/types';
import { callKubernetes, getJson, listAll, type KubernetesContext } from './request';

/** Where a custom resource is served: /apis/{group}/{version}/{plural}. */
export interface CustomResourceKind {
  group: string;
  version: string;
  plural: string;
}

// The list envelope; items are checked one by one with the kind's own schema.
const customResourceListSchema = z.object({
  metadata: z.object({ continue: z.string().optional() }).optional(),
  items: z.array(z.unknown()),
});

function kindPath(kind: CustomResourceKind): string {
  return `/apis/${kind.group}/${kind.version}/${kind.plural}`;
}

function parseItem<T>(schema: z.ZodType<T>, item: unknown, path: string, index: number): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ['items', index, ...(issue?.path ?? [])].join('.');
  throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: `unexpected answer shape at ${where}: ${issue?.message ?? 'invalid'}` });
}

function isNotServed(error: unknown): boolean {
  return error instanceof SourceError && error.kind === 'http' && error.status === 404;
}

/**
 * Every object of one custom resource kind in all namespaces (/apis/{group}/{version}/{plural} serves
 * both cluster-scoped and namespaced kinds), page by page. A group or kind the API server does not serve
 * (HTTP 404: the operator is not installed) is `isInstalled: false`, not an error.
 */
export async function listCustomResources<T, S>(
  context: KubernetesContext,
  kind: CustomResourceKind,
  options: { schema: z.ZodType<T>; toSummary: (item: T) => S; pageSize: number },
): Promise<CustomResourceList<S>> {
  const path = kindPath(kind);
  let itemIndex = 0;
  try {
    const items = await listAll(
      context,
      path,
      options.pageSize,
      async ({ limit, continueToken }) => {
        const answer = await getJson(context.transport, path, { limit, continue: continueToken }, context.timeoutMs);
        const list = customResourceListSchema.safeParse(answer);
        if (!list.success) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'list answer without items' });
        return { items: list.data.items, continueToken: list.data.metadata?.continue };
      },
      (item) => options.toSummary(parseItem(options.schema, item, path, itemIndex++)),
    );
    return { isInstalled: true, items };
  } catch (error) {
    if (isNotServed(error)) return { isInstalled: false, items: [] };
    throw error;
  }
}

const apiResourceListSchema = z.object({ resources: z.array(z.object({ name: z.string(), kind: z.string() })) });

/** A kind served by an API group version, from its discovery document (APIResourceList). */
interface ServedKind {
  kind: string;
  plural: string;
}

/**
 * The kinds an API group version serves, subresources (`plural/status`) left out; undefined when the
 * group version is not served at all.
 */
export async function discoverKinds(context: KubernetesContext, group: string, version: string): Promise<ServedKind[] | undefined> {
  const path = `/apis/${group}/${version}`;
  try {
    const answer = await callKubernetes(context, path, () => getJson(context.transport, path, {}, context.timeoutMs));
    const resourceList = apiResourceListSchema.safeParse(answer);
    if (!resourceList.success) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'APIResourceList without resources' });
    return resourceList.data.resources.filter((resource) => !resource.name.includes('/')).map((resource) => ({ kind: resource.kind, plural: resource.name }));
  } catch (error) {
    if (isNotServed(error)) return undefined;
    throw error;
  }
}
