/**
 * The `mongodb-uri` lint inside the secrets check: each mistake named, and the connection string never quoted: no
 * finding holds any run of 8 characters of it (what the redactor would cut), so every finding reads right as is.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { secretsCheck } from '../../src/checks/secrets.js'
import { MONGODB_URI_FINDINGS, mongodbUriFindings } from '../../src/check-support/mongodb-uri.js'
import { declaredFindings } from '../../src/core/finding.js'
import { URI_OPTIONS } from '../../src/net/uri-options.js'
import { CLIENT_SECRET, SERVICE_ACCOUNT_INPUTS, parseInputs, runCheck } from '../helpers/check-context.js'

const lint = (uri: string, more: Record<string, string> = {}) =>
  mongodbUriFindings(parseInputs({ ...SERVICE_ACCOUNT_INPUTS, ...more, 'mongodb-uri': uri }))
const ids = (uri: string, more: Record<string, string> = {}) => lint(uri, more).map(f => [f.id, f.severity])

/** Every 8-character run of `uri` that appears in the findings' text or data. */
function quoted(uri: string, more: Record<string, string> = {}): string[] {
  const text = JSON.stringify(lint(uri, more))
  const out: string[] = []
  for (let i = 0; i + 8 <= uri.length; i++) {
    const run = uri.slice(i, i + 8)
    // A run of plain lowercase words the lint declares itself ("password") is its vocabulary, not a quote.
    if (text.includes(run) && !(/^[a-z ]+$/.test(run) && OWN.includes(run)) && !SPEC_WORDS.includes(run))
      out.push(run)
  }
  return out
}

/** The lint's own words: its declared titles and fixes. */
const OWN = JSON.stringify(declaredFindings(MONGODB_URI_FINDINGS))

/**
 * The specifications' own words, which the lint names as constants of its own (never read from the string): the
 * two schemes and the option names of the URI Options spec, with `=true` / `=false`.
 */
const SPEC_WORDS = [
  'mongodb+srv://',
  'mongodb://',
  ...Object.keys(URI_OPTIONS).flatMap(n => [`${n}=true`, `${n}=false`])
].join(' ')

const SRV = 'mongodb+srv://app:Pw0rdXyz@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority'

describe('mongodb-uri lint', () => {
  it('a good SRV and a good standard string: nothing to say', () => {
    expect(ids(SRV, { cluster: 'Cluster0' })).toEqual([])
    expect(
      ids(
        'mongodb://app:p%40ss@cluster0-shard-00-00.abcde.mongodb.net:27017,cluster0-shard-00-01.abcde.mongodb.net:27017/?ssl=true'
      )
    ).toEqual([])
  })

  it.each([
    ['secrets/mongodb-uri-scheme', 'postgres://u:p@h/db', 'error'],
    ['secrets/mongodb-uri-scheme', 'cluster0.abcde.mongodb.net', 'error'],
    ['secrets/mongodb-uri-malformed', 'mongodb://u:p@/db', 'error'],
    ['secrets/mongodb-uri-srv-port', 'mongodb+srv://u:p@cluster0.abcde.mongodb.net:27017/', 'error'],
    ['secrets/mongodb-uri-srv-hosts', 'mongodb+srv://u:p@a.abcde.mongodb.net,b.abcde.mongodb.net/', 'error'],
    [
      'secrets/mongodb-uri-password-encoding',
      'mongodb+srv://app:p@ss/w0rd@cluster0.abcde.mongodb.net/',
      'error'
    ],
    [
      'secrets/mongodb-uri-password-encoding',
      'mongodb+srv://app:100%sure@cluster0.abcde.mongodb.net/',
      'error'
    ],
    [
      'secrets/mongodb-uri-placeholder',
      'mongodb+srv://app:<db_password>@cluster0.abcde.mongodb.net/',
      'error'
    ],
    [
      'secrets/mongodb-uri-atlas-credential',
      `mongodb+srv://app:${CLIENT_SECRET}@cluster0.abcde.mongodb.net/`,
      'error'
    ],
    [
      'secrets/mongodb-uri-tls-off',
      'mongodb://app:pw@cluster0-shard-00-00.abcde.mongodb.net:27017/?tls=false',
      'error'
    ],
    ['secrets/mongodb-uri-options-conflict', 'mongodb://a:b@h1.example.net/?tls=true&ssl=false', 'error'],
    [
      'secrets/mongodb-uri-options-conflict',
      'mongodb+srv://a:b@cluster0.abcde.mongodb.net/?directConnection=true',
      'error'
    ],
    [
      'secrets/mongodb-uri-options-conflict',
      'mongodb://a:b@h1.example.net/?tlsInsecure=true&tlsAllowInvalidHostnames=true',
      'error'
    ],
    ['secrets/mongodb-uri-option-invalid', 'mongodb://a:b@h1.example.net/?w', 'error'],
    ['secrets/mongodb-uri-option-invalid', 'mongodb://a:b@h1.example.net/?proxyPort=1080', 'error'],
    ['secrets/mongodb-uri-malformed', 'mongodb://a:b@localhost::27017', 'error'],
    ['secrets/mongodb-uri-malformed', 'mongodb://a:b@fe80::1', 'error'],
    ['secrets/mongodb-uri-option-warning', 'mongodb://a:b@h1.example.net/?colour=blue', 'warning'],
    [
      'secrets/mongodb-uri-option-warning',
      'mongodb://a:b@h1.example.net/?authSource=admin&authSource=app',
      'warning'
    ]
  ])('%s: %s', (id, uri, severity) => {
    expect(ids(uri)).toContainEqual([id, severity])
    expect(quoted(uri)).toEqual([])
  })

  it('secrets/mongodb-uri-other-cluster: an Atlas SRV host of another cluster than `cluster`', () => {
    expect(ids(SRV, { cluster: 'Reporting' })).toEqual([['secrets/mongodb-uri-other-cluster', 'warning']])
    expect(ids(SRV.replace('cluster0.', 'ac-x1y2z3a-shard-00-00.'), { cluster: 'Cluster0' })).toEqual([
      ['secrets/mongodb-uri-other-cluster', 'warning']
    ])
    expect(
      ids('mongodb://a:b@ac-x1y2z3a-shard-00-00.abcde.mongodb.net:27017/?ssl=true', { cluster: 'Cluster0' })
    ).toEqual([])
  })

  it('tls=false to a host that is not Atlas, without `cluster`: not Atlas’s rule', () => {
    expect(ids('mongodb://a:b@db.internal.example:27017/?tls=false')).toEqual([])
  })

  it('the same password as the Atlas client secret is named without quoting either', () => {
    const f = lint(`mongodb://app:${encodeURIComponent(CLIENT_SECRET)}@h.example.net/`)
    expect(f.map(x => x.id)).toEqual(['secrets/mongodb-uri-atlas-credential'])
    expect(JSON.stringify(f)).not.toContain(CLIENT_SECRET.slice(10, 18))
  })

  it('never quotes any 8-character run of the string, whatever it holds', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9@:/?#%[\]=&._-]{0,24}$/)
    fc.assert(
      fc.property(part, part, part, (user, pass, opts) => {
        const uri = `mongodb+srv://${user}:${pass}@cluster0.abcde.mongodb.net:27017/?${opts}&tls=false`
        expect(quoted(uri, { cluster: 'Other' })).toEqual([])
      }),
      { numRuns: 200 }
    )
  })

  it('inside the secrets check: a run with only mongodb-uri is not "no credentials"', async () => {
    const { outcome } = await runCheck(secretsCheck, { inputs: { 'mongodb-uri': SRV } })
    expect(outcome.findings.map(f => f.id)).not.toContain('secrets/no-credentials')
    const bad = await runCheck(secretsCheck, {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'mongodb-uri': 'mongodb+srv://u:p@h.x.y:1/' }
    })
    expect(bad.outcome.findings.map(f => f.id)).toContain('secrets/mongodb-uri-srv-port')
  })
})
