import { z } from 'zod';

// OpenSearch REST answers. `_cat` APIs with format=json answer every value as a string.

export const clusterHealthSchema = z.object({
  status: z.enum(['green', 'yellow', 'red']),
  number_of_nodes: z.number(),
  unassigned_shards: z.number().optional(),
});

export const catAliasesSchema = z.array(
  z.object({
    alias: z.string(),
    index: z.string(),
    // "true", "false" or "-" when the alias has a single index and no explicit write index
    is_write_index: z.string().nullish(),
  }),
);

export const catIndicesSchema = z.array(
  z.object({
    index: z.string(),
    health: z.string().nullish(),
    status: z.string().nullish(),
    // null for a closed index
    'docs.count': z.string().nullish(),
    // milliseconds since the epoch, as a string
    'creation.date': z.string().nullish(),
  }),
);

const ismTransitionSchema = z.object({
  state_name: z.string(),
  conditions: z.object({ min_index_age: z.string().optional() }).nullish(),
});

const ismStateSchema = z.object({
  name: z.string(),
  // each action is an object with one key naming it (delete, rollover, …) besides retry/timeout
  actions: z.array(z.record(z.string(), z.unknown())).nullish(),
  transitions: z.array(ismTransitionSchema).nullish(),
});

const ismTemplateSchema = z.object({ index_patterns: z.array(z.string()).nullish() });

export const ismPolicySchema = z.object({
  policy_id: z.string().optional(),
  description: z.string().nullish(),
  default_state: z.string().nullish(),
  states: z.array(ismStateSchema),
  // an array since OpenSearch 1.x; older Open Distro versions stored one object
  ism_template: z.union([z.array(ismTemplateSchema), ismTemplateSchema]).nullish(),
});

export const ismPoliciesSchema = z.object({
  policies: z.array(z.object({ _id: z.string(), policy: ismPolicySchema })),
  total_policies: z.number().optional(),
});

export type RawIsmPolicy = z.infer<typeof ismPolicySchema>;

export const maxAggregationSchema = z.object({
  aggregations: z.object({
    latest: z.object({ value: z.number().nullable() }),
  }),
});

export const termsAggregationSchema = z.object({
  aggregations: z.object({
    counts: z.object({
      buckets: z.array(
        z.object({
          key: z.union([z.string(), z.number(), z.boolean()]),
          key_as_string: z.string().optional(),
          doc_count: z.number(),
        }),
      ),
    }),
  }),
});
