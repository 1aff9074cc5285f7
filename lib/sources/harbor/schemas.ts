import { z } from 'zod';

// Harbor REST API v2.0 (goharbor/harbor api/v2.0/swagger.yaml). Project metadata values are strings.
export const projectSchema = z.object({
  project_id: z.number(),
  name: z.string(),
  metadata: z
    .object({
      public: z.string().optional(),
      auto_scan: z.string().optional(),
      prevent_vul: z.string().optional(),
      severity: z.string().optional(),
      reuse_sys_cve_allowlist: z.string().optional(),
    })
    .partial()
    .optional(),
});

export const projectListSchema = z.array(projectSchema);
