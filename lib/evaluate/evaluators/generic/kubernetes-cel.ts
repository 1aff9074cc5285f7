import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { z } from 'zod';
import type { KubernetesObject } from '@/lib/sources/kubernetes/objects';
import { isListPath } from '@/lib/sources/kubernetes/objects';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import type { Offender } from '../../types';

type Program = (bindings: { object: unknown }) => unknown;

const programs = new Map<string, Program>();

/** Compiles a CEL expression over the variable `object` once per process; throws on a syntax error. */
function compile(expression: string): Program {
  let program = programs.get(expression);
  if (!program) {
    program = plan(celEnv(), parse(expression)) as Program;
    programs.set(expression, program);
  }
  return program;
}

const celExpression = z
  .string()
  .trim()
  .min(1)
  .superRefine((expression, context) => {
    try {
      compile(expression);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `is not a valid CEL expression: ${(error as Error).message}` });
    }
  });

export const kubernetesCelParams = z
  .object({
    /** the API list path, e.g. `/api/v1/pods` or `/apis/apps/v1/deployments` (never secrets) */
    resource: z.string().refine(isListPath, 'must be a Kubernetes list path such as /api/v1/pods (secrets are never read)'),
    /** CEL over `object`: which objects the rule is about (default: all) */
    select: celExpression.optional(),
    /** CEL over `object`: true for an object that complies */
    require: celExpression,
    excludeSystemNamespaces: z.boolean().default(true),
    failStatus: z.enum(['fail', 'warn']).default('fail'),
  })
  .strict();

type Params = z.infer<typeof kubernetesCelParams>;

function objectName(object: KubernetesObject): string {
  const metadata = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = String(metadata.name ?? '?');
  return typeof metadata.namespace === 'string' ? `${metadata.namespace}/${name}` : name;
}

function namespaceOf(object: KubernetesObject): string | undefined {
  const namespace = (object.metadata as { namespace?: unknown } | undefined)?.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

/** Runs a compiled expression: true, false, or the reason it could not be decided. */
function decide(expression: string, object: KubernetesObject): boolean | string {
  const result = compile(expression)({ object });
  if (isCelError(result)) return String((result as Error).message ?? result);
  if (typeof result !== 'boolean') return `evaluates to ${typeof result}, not a boolean`;
  return result;
}

/**
 * An organisation's own rule over Kubernetes objects of one kind, in CEL (the language of
 * Kubernetes' ValidatingAdmissionPolicy): every selected object must satisfy `require`. An
 * expression that cannot be decided for an object (a missing field without `has()`) makes the check
 * `unknown`: an undecided object is not a compliant one.
 */
export const kubernetesCel = defineEvaluator({
  name: 'kubernetes-cel',
  source: 'kubernetes',
  description: 'Every object of a kind (optionally narrowed by a CEL `select`) satisfies a CEL `require` expression over `object`.',
  params: kubernetesCelParams,
  reads: ['kubernetesObjects'],
  query: (params: Params) => `GET ${params.resource} → CEL ${params.select ? `select ${params.select}; ` : ''}require ${params.require}`,
  objectPaths: (params: Params) => [params.resource],
  read: (sources, params) => sources.kubernetesObjects(params.resource),
  judge: (all, params, { settings }) => {
    const inScope: KubernetesObject[] = [];
    const undecided: Offender[] = [];
    for (const object of all) {
      const namespace = namespaceOf(object);
      if (params.excludeSystemNamespaces && namespace !== undefined && isSystemNamespace(settings, namespace)) continue;
      const selected = params.select === undefined ? true : decide(params.select, object);
      if (typeof selected === 'string') undecided.push({ object: objectName(object), reason: `select: ${selected}` });
      else if (selected) inScope.push(object);
    }
    const offenders: Offender[] = [];
    for (const object of inScope) {
      const complies = decide(params.require, object);
      if (typeof complies === 'string') undecided.push({ object: objectName(object), reason: `require: ${complies}` });
      else if (!complies) offenders.push({ object: objectName(object), reason: `does not satisfy ${params.require}` });
    }
    const excerpt = { resource: params.resource, objects: inScope.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (undecided.length > 0) {
      return { status: 'unknown', summary: `The rule could not be decided for ${countPhrase(undecided.length, 'object')}`, excerpt: { ...excerpt, undecided: capOffenders(undecided, settings.maxOffendersPerCheck).offenders } };
    }
    if (inScope.length === 0) return { status: 'not-applicable', summary: `No ${params.resource} objects to check`, excerpt };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(inScope.length, 'object')} satisfy the rule`, excerpt }
      : { status: params.failStatus, summary: `${offenders.length} of ${countPhrase(inScope.length, 'object')} do not satisfy the rule`, excerpt };
  },
});
