/** An in-process adapter that records everything a run writes, for tests that need no bundle. */
import type { Adapter } from '../../src/platform/adapter.js'
import type { Severity } from '../../src/core/finding.js'

export interface Recorded {
  adapter: Adapter
  masked: string[]
  logs: string[]
  debug: string[]
  annotations: { severity: Severity; title: string; message: string }[]
  outputs: Record<string, string>
  summary: string
  files: Record<string, string>
  exitCode?: number
  /** Everything written anywhere, joined, for secret searches. */
  everything(): string
}

export function recordingAdapter(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {}
): Recorded {
  const r: Recorded = {
    masked: [],
    logs: [],
    debug: [],
    annotations: [],
    outputs: {},
    summary: '',
    files: {},
    everything() {
      return [
        ...r.logs,
        ...r.debug,
        ...r.annotations.map(a => `${a.title}\n${a.message}`),
        ...Object.values(r.outputs),
        r.summary,
        ...Object.values(r.files)
      ].join('\n')
    },
    adapter: undefined as unknown as Adapter
  }
  r.adapter = {
    env,
    inputs: () => inputs,
    mask: s => r.masked.push(s),
    info: t => r.logs.push(t),
    debug: t => r.debug.push(t),
    annotate: (severity, title, message) => r.annotations.push({ severity, title, message }),
    setOutput: (n, v) => void (r.outputs[n] = v),
    writeSummary: async md => {
      r.summary += md
    },
    writeFile: async (p, c) => {
      r.files[p] = c
    },
    setExitCode: c => (r.exitCode = c)
  }
  return r
}

/** Fast retries for tests that exercise them (real waits, but short). */
export const FAST_HTTP = { retryBaseMs: 5, retryCapMs: 20 }
