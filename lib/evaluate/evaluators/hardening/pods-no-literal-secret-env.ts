import { z } from 'zod';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { judgeWorkloadContainers, PODS_ENDPOINT } from '../../rules/pods';

/**
 * Environment variable names that suggest a secret. A constant, not a param: the recorded query
 * names the pattern in short, and a param would have to change that text too.
 */
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;
// `DB_PASSWORD_FILE=/etc/secrets/db`: by the widespread `_FILE` convention the value is the path of
// a mounted secret — the practice this control asks for — not the secret itself
const FILE_REFERENCE_NAME = /_FILE$/i;

/** The secret-like variables a container sets to a literal value, or undefined when there are none. */
export function hardcodedSecretProblem(_pod: PodSummary, container: ContainerSummary): string | undefined {
  // Names only: the value is never read here (the client drops it).
  const names = container.env.filter((variable) => variable.hasLiteralValue && SECRET_LIKE_NAME.test(variable.name) && !FILE_REFERENCE_NAME.test(variable.name)).map((variable) => variable.name);
  return names.length > 0 ? `literal value in env ${names.join(', ')} (use a Secret via valueFrom or a mounted file)` : undefined;
}

export const podsNoLiteralSecretEnv = defineEvaluator({
  name: 'pods-no-literal-secret-env',
  source: 'kubernetes',
  description: 'No running container outside the system namespaces sets a secret-like environment variable (PASSWORD, TOKEN, API_KEY, …) to a literal value (a `_FILE` variable names a mounted secret file and is not one).',
  params: z.object({}).strict(),
  reads: ['pods'],
  query: () => `${PODS_ENDPOINT} → containers[].env[] names matching PASSWORD|SECRET|TOKEN|KEY with a literal value (values are never read)`,
  read: async (sources): Promise<PodSummary[]> => sources.pods(),
  judge: (pods, _params, { settings }) =>
    judgeWorkloadContainers(
      pods,
      settings,
      { noun: 'take secrets from Secrets, not literals', failVerb: 'carry a secret-like literal in their environment' },
      hardcodedSecretProblem,
    ),
});
