/**
 * The writer boundary in-process (issue 21 item 4, issue 19 item 12): every member of Adapter is classed, every
 * writer redacts what it is given, log lines are made inert where the runner reads commands, and outputs, report
 * values, the state and the summary leave byte-exact when they are legitimate (an IPv6 `::1` is not rewritten).
 */
import { describe, expect, it } from '@jest/globals'
import type { Adapter, AfterReport } from '../../src/platform/adapter.js'
import { MEMBERS, guardAdapter, guardValue } from '../../src/trust/guard.js'
import { guardedRun } from '../../src/trust/guarded-run.js'
import { Redactor } from '../../src/trust/redact.js'
import { recordingAdapter } from '../helpers/adapter.js'

const SECRET = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6'
const redactor = () => new Redactor([SECRET])

/** A platform that records every member it is called through, with what it was given. */
function platform(): { adapter: Required<Adapter>; calls: Record<string, unknown[]> } {
  const calls: Record<string, unknown[]> = {}
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls[name] = args
      return undefined
    }
  let sources: Record<string, string> = {}
  const adapter: Required<Adapter> = {
    runUrl: 'https://github.example/o/r/actions/runs/1',
    troubleshootingUrl: 'https://github.example/o/r/blob/v1/docs/troubleshooting.md',
    wording: { finding: f => f, text: t => t },
    inputs: () => {
      sources = { 'atlas-client-id': 'MDB_MCP_API_CLIENT_ID' }
      return {}
    },
    get inputSources() {
      return sources
    },
    env: { A: '1' },
    mask: record('mask'),
    info: record('info'),
    debugging: true,
    debug: record('debug'),
    annotate: record('annotate'),
    setOutput: record('setOutput'),
    writeSummary: async (...a) => void record('writeSummary')(...a),
    writeFile: async (...a) => void record('writeFile')(...a),
    setExitCode: record('setExitCode'),
    preload: record('preload'),
    saveState: record('saveState'),
    getState: () => 'kept',
    previousIssueBody: async () => undefined,
    afterReport: async (...a) => void record('afterReport')(...a)
  }
  return { adapter, calls }
}

const afterReportCtx = (reportMarkdown: string): AfterReport => ({
  reportMarkdown,
  scope: 'project:p',
  status: 'fail',
  failing: true,
  redact: s => s,
  signal: new AbortController().signal,
  setOutput: () => undefined,
  warn: () => undefined
})

/** How to call each writer with a text, and which of its arguments the platform must see that text in. */
const WRITERS: Record<string, (a: Adapter, text: string) => unknown> = {
  info: (a, t) => a.info(t),
  debug: (a, t) => a.debug(t),
  annotate: (a, t) => a.annotate('error', t, t),
  setOutput: (a, t) => a.setOutput('status', t),
  writeSummary: (a, t) => a.writeSummary(t),
  writeFile: (a, t) => a.writeFile('/tmp/report.json', t),
  saveState: (a, t) => a.saveState!('lease', t),
  afterReport: (a, t) => a.afterReport!(afterReportCtx(t))
}

describe('the writer guard', () => {
  it('classes every member of Adapter, and the writers are exactly those this test calls', () => {
    const writers = Object.entries(MEMBERS)
      .filter(([, m]) => 'writer' in m)
      .map(([k]) => k)
    expect(writers.sort()).toEqual(Object.keys(WRITERS).sort())
    // Every member of a full adapter is classed (the compiler also refuses an unclassed one: see below).
    expect(Object.keys(MEMBERS).sort()).toEqual(Object.keys(platform().adapter).sort())
  })

  it('does not compile when a member is left unclassed', () => {
    // @ts-expect-error getState (and the rest) missing: a member must be classed as a writer or not
    const missing: typeof MEMBERS = { runUrl: MEMBERS.runUrl }
    expect(Object.keys(missing)).toEqual(['runUrl'])
  })

  it.each(Object.keys(WRITERS))(
    '%s redacts a secret, whole and cut short, before the platform sees it',
    name => {
      const { adapter, calls } = platform()
      const guarded = guardAdapter(adapter, redactor())
      void WRITERS[name]!(guarded, `a ${SECRET} b ${SECRET.slice(0, -3)} c`)
      const seen = JSON.stringify(calls[name])
      expect(seen).toContain('***')
      expect(seen).not.toContain(SECRET.slice(10, 20))
    }
  )

  it('writes no debug line where the platform does not show them, and redacts none', () => {
    const { adapter, calls } = platform()
    let redactions = 0
    const counting = new Redactor([SECRET])
    const redact = counting.redact.bind(counting)
    counting.redact = (t: string) => (redactions++, redact(t))
    const guarded = guardAdapter({ ...adapter, debugging: false }, counting)
    guarded.debug(`GET ${SECRET}`)
    expect([calls['debug'], redactions]).toEqual([undefined, 0])
    guardAdapter(adapter, counting).debug(`GET ${SECRET}`)
    expect([calls['debug'], redactions]).toEqual([['GET ***'], 1])
  })

  it('saveState, once passed through unguarded, is guarded', () => {
    const { adapter, calls } = platform()
    guardAdapter(adapter, redactor()).saveState!('lease', `{"entry":"${SECRET}"}`)
    expect(calls['saveState']).toEqual(['lease', '{"entry":"***"}'])
  })

  it('makes log lines and annotations inert: neither command form can start a line the runner reads', () => {
    const { adapter, calls } = platform()
    const guarded = guardAdapter(adapter, redactor())
    guarded.info('head\n::error::owned\nx ##[warning]y')
    guarded.debug('::add-mask::word')
    guarded.annotate('warning', '::stop-commands::t', 'a\u2028::error::b')
    expect(calls['info']).toEqual(['head\n:\u200b:error::owned\nx #\u200b#[warning]y'])
    expect(calls['debug']).toEqual([':\u200b:add-mask::word'])
    expect(calls['annotate']).toEqual(['warning', ':\u200b:stop-commands::t', 'a ::error::b'])
  })

  it('keeps outputs, the state, the summary and the report file byte-exact (an IPv6 ::1 is not rewritten)', () => {
    const { adapter, calls } = platform()
    const guarded = guardAdapter(adapter, redactor())
    guarded.setOutput('cluster-hosts', '::1')
    guarded.saveState!('lease', '{"address":"::1"}')
    void guarded.writeSummary('| host |\n|---|\n| `::1` |\n')
    void guarded.writeFile('/r.json', '{\n  "host": "::1 ##[x"\n}\n')
    expect(calls['setOutput']).toEqual(['cluster-hosts', '::1'])
    expect(calls['saveState']).toEqual(['lease', '{"address":"::1"}'])
    expect(calls['writeSummary']).toEqual(['| host |\n|---|\n| `::1` |\n'])
    expect(calls['writeFile']).toEqual(['/r.json', '{\n  "host": "::1 ##[x"\n}\n'])
  })

  it('still flattens a hostile line break in an output, inserting nothing', () => {
    const { adapter, calls } = platform()
    guardAdapter(adapter, redactor()).setOutput('cluster-state', 'IDLE\n::error::x\u202E')
    expect(calls['setOutput']).toEqual(['cluster-state', 'IDLE ::error::x'])
  })

  it('keeps the report values byte-exact, redacted, flat and bounded', () => {
    const report = guardValue(
      { hosts: ['::1', '::ffff:10.0.0.1'], seen: `key ${SECRET}`, detail: 'a\r\nb', long: 'x'.repeat(3000) },
      redactor()
    )
    expect(report.hosts).toEqual(['::1', '::ffff:10.0.0.1'])
    expect(report.seen).toBe('key ***')
    expect(report.detail).toBe('a  b')
    expect(report.long).toHaveLength(2000)
  })

  it('passes the rest through live: mask gets the secret whole, getters read the platform now', () => {
    const { adapter, calls } = platform()
    const guarded = guardAdapter(adapter, redactor())
    guarded.mask(SECRET)
    expect(calls['mask']).toEqual([SECRET])
    expect(guarded.inputSources).toEqual({})
    guarded.inputs()
    expect(guarded.inputSources).toEqual({ 'atlas-client-id': 'MDB_MCP_API_CLIENT_ID' })
    expect(guarded.getState!('lease')).toBe('kept')
    expect(guarded.env).toBe(adapter.env)
    expect(guarded.runUrl).toBe(adapter.runUrl)
  })

  it('leaves an optional writer the platform lacks absent (the engine asks whether it exists)', () => {
    const recorded = recordingAdapter({})
    const guarded = guardAdapter(recorded.adapter, redactor())
    expect(guarded.saveState).toBeUndefined()
    expect(guarded.afterReport).toBeUndefined()
    expect('afterReport' in guarded).toBe(false)
  })
})

describe('guardedRun: the start of every entry', () => {
  it('masks and registers the secret inputs (each line of a multi-line one), the password of a connection string, and never an identifier in pieces', () => {
    const recorded = recordingAdapter({})
    const { adapter, redactor: r } = guardedRun(recorded.adapter, {
      'atlas-client-id': 'mdb_sa_id_65a1b2c3d4e5f60718293a51',
      'atlas-client-secret': `${SECRET}\n`,
      'mongodb-uri': 'mongodb+srv://app:Pw0rd-Very-Secret@c0.ab1cd.mongodb.net/'
    })
    expect(recorded.masked).toEqual(
      expect.arrayContaining(['mdb_sa_id_65a1b2c3d4e5f60718293a51', SECRET, 'Pw0rd-Very-Secret'])
    )
    adapter.info(`id mdb_sa_id_65a1b2c3d4e5f60718293a51 secret ${SECRET.slice(0, 20)} pw Pw0rd-Very`)
    // The client id whole is gone; a piece of it is no secret (ObjectId-like ids share long prefixes).
    expect(recorded.logs).toEqual(['id *** secret mdb_sa_sk_*** pw ***'])
    expect(r.redact('mdb_sa_id_65a1b2c3d4e5')).toBe('mdb_sa_id_65a1b2c3d4e5')
  })

  it('never redacts the action own words, even when a placeholder secret equals one', () => {
    const recorded = recordingAdapter({})
    const { adapter } = guardedRun(recorded.adapter, { 'atlas-client-secret': 'lease' })
    adapter.setOutput('network-lease', 'lease')
    expect(recorded.outputs).toEqual({ 'network-lease': 'lease' })
  })
})
