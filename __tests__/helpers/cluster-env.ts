/**
 * The environment that points a bundled action's cluster probes at a sandbox: its DNS responder and its test CA.
 * Honoured by the product only with NODE_ENV=test and only for names under `.sandbox.test` (src/net/test-hooks.ts);
 * empty when the scenario has no clusters.
 */
export function clusterTestEnv(sandbox: { dnsServer: string; tls: { ca: string } }): Record<string, string> {
  if (!sandbox.dnsServer) return {}
  return {
    NODE_ENV: 'test',
    ATLAS_PREFLIGHT_TEST_DNS: sandbox.dnsServer,
    ATLAS_PREFLIGHT_TEST_CA: sandbox.tls.ca.trim()
  }
}
