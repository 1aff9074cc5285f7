import { z } from 'zod';
import type { HarborSystemInfo } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';

export const harborAuthMode = defineEvaluator({
  name: 'harbor-auth-mode',
  source: 'harbor',
  description: 'Harbor signs users in with the expected mode (setting harborAuthMode) and is not read-only; either problem is a warning.',
  params: z.object({}).strict(),
  reads: ['harborSystemInfo'],
  query: () => 'GET /api/v2.0/systeminfo → harbor_version, auth_mode, read_only',
  read: async (sources): Promise<HarborSystemInfo> => sources.harborSystemInfo(),
  judge: (info, _params, { settings }) => {
    const expected = settings.harborAuthMode;
    const excerpt = { harborVersion: info.harborVersion, authMode: info.authMode, readOnly: info.isReadOnly, expectedAuthMode: expected };
    // read-only is reported first: it blocks pushes whatever the sign-in mode
    if (info.isReadOnly) return { status: 'warn', summary: `Harbor ${info.harborVersion} is in read-only mode`, excerpt };
    return info.authMode === expected
      ? { status: 'pass', summary: `Harbor ${info.harborVersion} signs users in with ${info.authMode}`, excerpt }
      : { status: 'warn', summary: `Harbor ${info.harborVersion} uses ${info.authMode || 'an unknown mode'}, not ${expected}`, excerpt };
  },
});
