/**
 * `npm run bench` keeps working: it runs (at a small latency, to be quick), both families pass against the
 * sandbox, the sequential client replays exactly the calls the action made, and each run costs one token request
 * or one Digest challenge. Timings are the benchmark's business, never asserted here.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../scripts/runner-harness.js'

describe('npm run bench', () => {
  it('measures both credential families and writes the figures as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'))
    try {
      const out = join(dir, 'bench.json')
      const r = spawnSync(process.execPath, ['bench/bench.js', '--latency', '20', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8'
      })
      expect(r.status).toBe(0)
      expect(r.stdout).toContain('dependency depth')
      const result = JSON.parse(readFileSync(out, 'utf8'))
      expect(result.families.map((f: { family: string }) => f.family)).toEqual(['service-account', 'api-key'])
      for (const f of result.families) {
        expect(f.status).toBe('pass (exit 0)')
        expect(f.sequentialUnexpected).toEqual([])
        expect(f.runs.action).toHaveLength(5)
        expect(f.runs.sequential).toHaveLength(5)
        expect(f.depth).toBeGreaterThanOrEqual(2)
      }
      const [sa, key] = result.families
      expect([sa.tokenRequestsPerRun, sa.digestChallengesPerRun]).toEqual([1, 0])
      expect([key.tokenRequestsPerRun, key.digestChallengesPerRun]).toEqual([0, 1])
      // curl --digest is challenged on every call; the action once per run.
      expect(key.sequentialRoundTrips).toBeGreaterThan(key.requests)
      expect(result.targets.map((t: { what: string }) => t.what)).toContain(
        'start-up overhead over bare Node ≤ 60 ms'
      )
      expect(result.bundle.entryKiB).toBeGreaterThan(0)
      expect(result.peakRssMiB).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
