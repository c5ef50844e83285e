/**
 * The lease and the cluster path in one run (dist/index.js in a fresh process, scenario
 * lease-cluster-github-hosted-runner): the runner is not on the project's network access list, and the cluster's
 * hosts, like Atlas's, close the connection before TLS until an ACTIVE entry covers the runner. The lease adds the
 * entry and waits for ACTIVE; only then do the probes run, so every host completes TLS at the first connection
 * and the cross-check reads the lease's entry, not the list as it was before the lease.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'
import { clusterTestEnv } from '../helpers/cluster-env.js'

describe('lease + cluster in one run', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  let run: Awaited<ReturnType<typeof runAction>>

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'lease-cluster-github-hosted-runner' })
    run = await runAction(sandbox.inputs(), {
      env: { ...clusterTestEnv(sandbox), ...(sandbox.scenario.action.env ?? {}) }
    })
  })
  afterAll(async () => {
    await sandbox.stop()
  })

  it('passes: the lease created the entry, and the cluster is reachable', () => {
    expect([run.exitCode, run.outputs['status']]).toEqual([0, 'pass'])
    expect(run.outputs['network-lease']).toBe('created')
    expect(run.outputs['cluster-reachable']).toBe('yes')
  })

  it('the probes waited for the lease: no host was connected to before the entry was ACTIVE', () => {
    const hosts = sandbox.clusters.flatMap(
      (c: { hosts: { accepted: number; handshakes: number }[] }) => c.hosts
    )
    expect(hosts).toHaveLength(3)
    for (const h of hosts)
      expect({ accepted: h.accepted, handshakes: h.handshakes }).toEqual({ accepted: 1, handshakes: 1 })
  })

  it('nothing is sent after the TLS handshake', () => {
    for (const c of sandbox.clusters as { hosts: { bytesAfterHandshake: number }[] }[])
      for (const h of c.hosts) expect(h.bytesAfterHandshake).toBe(0)
  })

  it("the cross-check names the lease's entry, not the list as it was before the lease", () => {
    const report = JSON.parse(run.outputs['report']!) as {
      checks: { id: string; findings: { id: string; seen: string }[] }[]
    }
    const reach = report.checks.find(c => c.id === 'cluster-reachability')!
    expect(reach.findings.map(f => f.id)).toEqual(['cluster-reachability/reachable'])
    expect(reach.findings[0]!.seen).toContain(
      'The network lease added 192.0.2.44/32 (ACTIVE) before the probes ran'
    )
  })
})
