/**
 * The environment that points a bundled action's cluster probes at a sandbox: its DNS responder and its test CA.
 * Honoured by the product only with NODE_ENV=test and only for names under `.sandbox.test` (src/net/test-hooks.ts);
 * empty when the scenario has no clusters. One definition, in the sandbox, shared with `npm run demo` and
 * `npm run sandbox`.
 */
import { clusterTestEnv as fromSandbox } from '../../sandbox/clusters.js'

export function clusterTestEnv(sandbox: { dnsServer: string; tls: { ca: string } }): Record<string, string> {
  return fromSandbox(sandbox)
}
