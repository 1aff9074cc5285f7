import { z } from 'zod';

// Prometheus HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/).
// Sample values are strings so that NaN and ±Inf survive JSON.
const sampleValue = z.tuple([z.number(), z.string()]);

const vectorResult = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
});
const scalarResult = z.object({ resultType: z.literal('scalar'), result: sampleValue });
const matrixResult = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleValue) })),
});

export const queryResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [vectorResult, scalarResult, matrixResult]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

export type QueryResponse = z.infer<typeof queryResponseSchema>;
