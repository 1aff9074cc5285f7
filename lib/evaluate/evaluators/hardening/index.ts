import type { Evaluator } from '../../evaluator';
import { harborPreventVulnerable } from './harbor-prevent-vulnerable';
import { podsNoLiteralSecretEnv } from './pods-no-literal-secret-env';
import { podsNoPrivilegeEscalation } from './pods-no-privilege-escalation';
import { podsRunAsNonRoot } from './pods-run-as-non-root';

/** Section 5, container hardening (reference-design/07-container-hardening.yaml). */
export const HARDENING_EVALUATORS: Evaluator[] = [podsRunAsNonRoot, podsNoPrivilegeEscalation, podsNoLiteralSecretEnv, harborPreventVulnerable];
