import 'server-only';
import { z } from 'zod';
import type { CustomResourceList, GatekeeperConstraintSummary } from '@/lib/sources/types';
import { discoverKinds, listCustomResources } from './custom-resources';
import type { KubernetesContext } from './request';

const GROUP = 'constraints.gatekeeper.sh';
const VERSION = 'v1beta1';
// Gatekeeper itself keeps at most 20 violations per constraint by default; this only guards memory
const MAX_VIOLATIONS_KEPT = 100;
const PAGE_SIZE = 200;

// A constraint as Gatekeeper writes it: spec.enforcementAction and the audit's status.
const constraintSchema = z.object({
  kind: z.string().optional(),
  metadata: z.object({ name: z.string() }),
  spec: z.object({ enforcementAction: z.string().optional() }).nullish(),
  status: z
    .object({
      auditTimestamp: z.string().optional(),
      totalViolations: z.number().optional(),
      violations: z
        .array(
          z.object({
            kind: z.string().optional(),
            namespace: z.string().optional(),
            name: z.string().optional(),
            message: z.string().optional(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

type RawConstraint = z.infer<typeof constraintSchema>;

function toConstraintSummary(constraint: RawConstraint, discoveredKind: string): GatekeeperConstraintSummary {
  const status = constraint.status;
  return {
    kind: constraint.kind ?? discoveredKind,
    name: constraint.metadata.name,
    // Gatekeeper's default when the field is left out
    enforcementAction: constraint.spec?.enforcementAction ?? 'deny',
    totalViolations: status?.totalViolations ?? 0,
    auditTimestamp: status?.auditTimestamp,
    violations: (status?.violations ?? []).slice(0, MAX_VIOLATIONS_KEPT).map((violation) => ({
      kind: violation.kind ?? '',
      ...(violation.namespace ? { namespace: violation.namespace } : {}),
      name: violation.name ?? '',
      message: violation.message ?? '',
    })),
  };
}

/**
 * Every Gatekeeper constraint. Constraint kinds are generated from templates, so they are found in
 * the group's discovery document and then listed kind by kind.
 */
export async function listGatekeeperConstraints(context: KubernetesContext): Promise<CustomResourceList<GatekeeperConstraintSummary>> {
  const kinds = await discoverKinds(context, GROUP, VERSION);
  if (kinds === undefined) return { isInstalled: false, items: [] };
  const perKind = await Promise.all(
    kinds.map((served) =>
      listCustomResources(context, { group: GROUP, version: VERSION, plural: served.plural }, {
        schema: constraintSchema,
        toSummary: (constraint) => toConstraintSummary(constraint, served.kind),
        pageSize: PAGE_SIZE,
      }),
    ),
  );
  // a kind whose template was deleted between discovery and listing answers 404 and simply has no constraints
  return { isInstalled: true, items: perKind.flatMap((list) => list.items) };
}
