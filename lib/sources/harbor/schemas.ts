import { z } from 'zod';

// Harbor REST API v2.0 (goharbor/harbor api/v2.0/swagger.yaml). Only the fields Refmap reads are
// declared; zod drops the rest, so a secret such as a scanner's access_credential is never kept.

// Project metadata values are strings ("true"/"false", severity names).
export const projectSchema = z.object({
  project_id: z.number(),
  name: z.string(),
  metadata: z
    .object({
      public: z.string().nullish(),
      auto_scan: z.string().nullish(),
      prevent_vul: z.string().nullish(),
      severity: z.string().nullish(),
      reuse_sys_cve_allowlist: z.string().nullish(),
    })
    .nullish(),
});
export const projectListSchema = z.array(projectSchema);

export const repositorySchema = z.object({
  id: z.number(),
  project_id: z.number(),
  /** `project/repo`, possibly with more slashes */
  name: z.string(),
  artifact_count: z.number().nullish(),
});
export const repositoryListSchema = z.array(repositorySchema);

const vulnerabilitySummarySchema = z.object({
  total: z.number().nullish(),
  fixable: z.number().nullish(),
  summary: z.record(z.string(), z.number()).nullish(),
});

/** NativeReportSummary: one entry of an artifact's scan_overview, keyed by report MIME type. */
export const nativeReportSummarySchema = z.object({
  scan_status: z.string().nullish(),
  severity: z.string().nullish(),
  end_time: z.string().nullish(),
  summary: vulnerabilitySummarySchema.nullish(),
});

export const artifactSchema = z.object({
  id: z.number(),
  digest: z.string(),
  push_time: z.string().nullish(),
  tags: z.array(z.object({ name: z.string() })).nullish(),
  scan_overview: z.record(z.string(), nativeReportSummarySchema).nullish(),
});
export const artifactListSchema = z.array(artifactSchema);

/** OverallHealthStatus */
export const healthSchema = z.object({
  status: z.string(),
  components: z.array(z.object({ name: z.string(), status: z.string() })).nullish(),
});

/** GeneralInfo: harbor_version is only shown to signed-in users. */
export const systemInfoSchema = z
  .object({
    harbor_version: z.string().nullish(),
    auth_mode: z.string().nullish(),
    read_only: z.boolean().nullish(),
  })
  // every field is optional, so any JSON object would do; Harbor always tells its auth mode (its login page needs it)
  .refine((info) => typeof info.auth_mode === 'string' && info.auth_mode !== '', { message: 'no auth_mode' });

/** ScannerRegistration (its url, auth and access_credential are deliberately not read). */
export const scannerSchema = z.object({
  uuid: z.string().nullish(),
  name: z.string(),
  vendor: z.string().nullish(),
  version: z.string().nullish(),
  adapter: z.string().nullish(),
  is_default: z.boolean().nullish(),
  disabled: z.boolean().nullish(),
  health: z.string().nullish(),
});
export const scannerListSchema = z.array(scannerSchema);

/** CVEAllowlist: expires_at in seconds since the epoch; null when it never expires. */
export const cveAllowlistSchema = z.object({
  expires_at: z.number().nullish(),
  items: z.array(z.object({ cve_id: z.string() })).nullish(),
});

export type RawArtifact = z.infer<typeof artifactSchema>;
export type RawNativeReportSummary = z.infer<typeof nativeReportSummarySchema>;
