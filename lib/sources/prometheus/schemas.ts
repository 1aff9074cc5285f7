import { z } from 'zod';

// Prometheus HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/).
// Sample values are strings so that NaN and ±Inf survive JSON.
const sampleValue = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());

const vectorResult = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: sampleValue })),
});
const scalarResult = z.object({ resultType: z.literal('scalar'), result: sampleValue });
const stringResult = z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) });
const matrixResult = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(sampleValue) })),
});

export const queryResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [vectorResult, scalarResult, matrixResult, stringResult]),
    warnings: z.array(z.string()).optional(),
    // Prometheus 3 adds informational notices next to warnings
    infos: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string(), warnings: z.array(z.string()).optional() }),
]);

export type QueryResponse = z.infer<typeof queryResponseSchema>;
