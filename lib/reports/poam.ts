import type { Severity } from '@/lib/catalog/nist';
import type { ControlStatus } from '@/lib/evaluate/types';
import {
  buildObservation,
  documentMetadata,
  evidenceAndManifestResources,
  inventoryItems,
  oscalIds,
  props,
  refmapComponent,
  uuidV5,
  type Ids,
  type OscalObservation,
  type OscalProp,
  type OscalResource,
} from './oscal-common';
import type { ReportControl, ReportModel } from './report-model';

/**
 * poam.json: the snapshot's open items as an OSCAL 1.1.2 Plan of Action and Milestones (NIST's
 * schema is in lib/reports/oscal/), the form eMASS and RMF tooling take POA&Ms in. One POA&M item
 * per control that is `fail`, `warn` or `unknown`, with the observations of its checks and one risk:
 * its level from the control's severity, `deviation-approved` while a waiver is in force (the owner
 * and the waiver's expiry become the item's owner and a milestone), `open` otherwise, with a
 * remediation target set from the severity. UUIDs are derived from the snapshot, as in oscal.ts.
 */

/** The statuses that need a plan: failed, partly met, or not shown to be met. */
export const POAM_STATUSES: readonly ControlStatus[] = ['fail', 'warn', 'unknown'];

/**
 * Days from the snapshot to the remediation target, by severity (the usual RMF timelines for
 * vulnerabilities: critical 15, high 30, moderate 90, low 180 days).
 */
export const REMEDIATION_DAYS: Record<Severity, number> = { critical: 15, high: 30, medium: 90, low: 180 };

/** OSCAL's risk facets use NIST's words: `moderate`, not `medium`. */
const NIST_LEVEL: Record<Severity, string> = { low: 'low', medium: 'moderate', high: 'high', critical: 'very-high' };

const DAY_MS = 24 * 60 * 60 * 1000;

type Actor = { actors: { type: 'tool'; 'actor-uuid': string }[] }[];

interface OscalTask {
  uuid: string;
  type: 'milestone';
  title: string;
  description: string;
  timing: { 'on-date': { date: string } };
}

export interface OscalRisk {
  uuid: string;
  title: string;
  description: string;
  statement: string;
  props?: OscalProp[];
  status: 'open' | 'deviation-approved';
  origins: Actor;
  characterizations: { origin: Actor[number]; facets: { name: string; system: string; value: string }[] }[];
  deadline: string;
  remediations: { uuid: string; lifecycle: 'recommendation'; title: string; description: string; origins: Actor; tasks: OscalTask[] }[];
  'related-observations'?: { 'observation-uuid': string }[];
}

export interface OscalPoamItem {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProp[];
  origins: Actor;
  'related-observations'?: { 'observation-uuid': string }[];
  'related-risks': { 'risk-uuid': string }[];
  remarks?: string;
}

export interface OscalPoam {
  'plan-of-action-and-milestones': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; version: string; 'oscal-version': string; props?: OscalProp[] };
    'import-ssp': { href: string; remarks: string };
    'local-definitions': { components: ReturnType<typeof refmapComponent>[]; 'inventory-items'?: ReturnType<typeof inventoryItems> };
    observations?: OscalObservation[];
    risks?: OscalRisk[];
    'poam-items': OscalPoamItem[];
    'back-matter': { resources: OscalResource[] };
  };
}

function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
}

function buildRisk(control: ReportControl, observations: OscalObservation[], takenAt: string, ids: Ids): OscalRisk {
  const { severity, severityReason } = control.nist;
  const waiver = control.waivers.find((item) => item.state === 'active');
  const origins: Actor = [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }];
  const target = addDays(takenAt, REMEDIATION_DAYS[severity]);
  const milestone = (name: string, title: string, description: string, date: string): OscalTask => ({
    uuid: uuidV5(`task/${ids.snapshotId}/${control.id}/${name}`),
    type: 'milestone',
    title,
    description,
    timing: { 'on-date': { date } },
  });
  const tasks = [
    milestone('remediation-target', 'Remediation target', `Remediate within ${REMEDIATION_DAYS[severity]} days of the snapshot, the target for a ${severity} severity.`, target),
    ...(waiver ? [milestone('waiver-expiry', 'Waiver expires', `The waiver recorded by ${waiver.author.name} expires; the control must meet its requirement or be waived again.`, waiver.expiresAt)] : []),
  ];
  return {
    uuid: uuidV5(`risk/${ids.snapshotId}/${control.id}`),
    title: `${control.id}: ${control.title}`,
    description: control.requirement,
    statement: `Refmap status ${control.status}: ${control.summary}. Severity ${severity}: ${severityReason}${waiver ? ` Waived by ${waiver.owner} until ${waiver.expiresAt}: ${waiver.risk} (${waiver.reason})` : ''}`,
    props: props([
      ['control-id', control.id],
      ['severity', severity],
      ['waiver-owner', waiver?.owner],
      ['waiver-expires', waiver?.expiresAt],
    ]),
    // a waiver accepts the risk for a time; it does not close it
    status: waiver ? 'deviation-approved' : 'open',
    origins,
    characterizations: [
      {
        origin: origins[0]!,
        facets: [
          { name: 'impact', system: 'http://csrc.nist.gov/ns/oscal', value: NIST_LEVEL[severity] },
          { name: 'risk', system: 'http://csrc.nist.gov/ns/oscal', value: NIST_LEVEL[severity] },
        ],
      },
    ],
    // until the waiver runs out, or the remediation target
    deadline: waiver ? waiver.expiresAt : target,
    remediations: [
      {
        uuid: uuidV5(`remediation/${ids.snapshotId}/${control.id}`),
        lifecycle: 'recommendation',
        title: `Remediate ${control.id}`,
        description: control.remediation || control.implementation || 'Meet the control’s requirement; see its observations.',
        origins,
        tasks,
      },
    ],
    ...(observations.length > 0 ? { 'related-observations': observations.map((observation) => ({ 'observation-uuid': observation.uuid })) } : {}),
  };
}

function buildItem(control: ReportControl, observations: OscalObservation[], risk: OscalRisk, ids: Ids): OscalPoamItem {
  const waiver = control.waivers.find((item) => item.state === 'active');
  return {
    uuid: uuidV5(`poam-item/${ids.snapshotId}/${control.id}`),
    title: `${control.id}: ${control.title}`,
    description: control.summary,
    props: props([
      ['control-id', control.id],
      ['status', control.status],
      ['severity', control.nist.severity],
      ...control.nist.nist.map((item): [string, string] => ['nist-sp800-53-control', item.oscalId]),
      // the person answerable for the item: the owner of the waiver in force, when there is one
      ['owner', waiver?.owner],
    ]),
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }],
    ...(observations.length > 0 ? { 'related-observations': observations.map((observation) => ({ 'observation-uuid': observation.uuid })) } : {}),
    'related-risks': [{ 'risk-uuid': risk.uuid }],
    ...(waiver ? {} : { remarks: 'No owner recorded: a waiver names one; otherwise assign the item in your POA&M process.' }),
  };
}

/** The POA&M of one snapshot. */
export function buildOscalPoam(model: ReportModel): OscalPoam {
  const { snapshot } = model;
  const ids = oscalIds(snapshot.id);
  const systemPlan = uuidV5(`resource/${snapshot.id}/system-security-plan`);
  const open = model.controls.filter((control) => POAM_STATUSES.includes(control.status));

  const observations: OscalObservation[] = [];
  const risks: OscalRisk[] = [];
  const items = open.map((control) => {
    const own = control.checks.map((check) => buildObservation(control, check, ids));
    const risk = buildRisk(control, own, snapshot.takenAt, ids);
    observations.push(...own);
    risks.push(risk);
    return buildItem(control, own, risk, ids);
  });
  const inventory = inventoryItems(open, ids);

  return {
    'plan-of-action-and-milestones': {
      uuid: uuidV5(`poam/${snapshot.id}`),
      metadata: documentMetadata(model, `Refmap plan of action and milestones: cluster ${snapshot.cluster}, snapshot of ${snapshot.takenAt}`),
      'import-ssp': {
        href: `#${systemPlan}`,
        remarks: 'Refmap has no system security plan of its own: import this POA&M into the plan of the system the cluster belongs to.',
      },
      'local-definitions': { components: [refmapComponent(model, ids)], ...(inventory.length > 0 ? { 'inventory-items': inventory } : {}) },
      ...(observations.length > 0 ? { observations } : {}),
      ...(risks.length > 0 ? { risks } : {}),
      'poam-items': items,
      'back-matter': {
        resources: [
          {
            uuid: systemPlan,
            title: 'System security plan: not included',
            description: 'The system security plan this POA&M belongs to is kept outside Refmap.',
            props: props([['catalog-version', snapshot.catalogVersion]]),
          },
          ...evidenceAndManifestResources(model, open, ids),
        ],
      },
    },
  };
}

export function renderOscalPoamJson(model: ReportModel): string {
  return `${JSON.stringify(buildOscalPoam(model), null, 2)}\n`;
}
