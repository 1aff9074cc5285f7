import 'server-only';
import type { Database } from '@/lib/db';
import { listAttestations, type AttestationView } from './attestations';
import { listWaivers, type WaiverView } from './waivers';

export interface ControlSignOffs {
  attestations: AttestationView[];
  waivers: WaiverView[];
}

/** The attestations and waivers of one control on one cluster, as they stood at `at` (default now). */
export async function readControlSignOffs(database: Database, clusterName: string, controlId: string, at?: Date): Promise<ControlSignOffs> {
  const [attestations, waivers] = await Promise.all([
    listAttestations(database, { clusterName, controlId, at }),
    listWaivers(database, { clusterName, controlId, at }),
  ]);
  return { attestations, waivers };
}
