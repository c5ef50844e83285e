import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/config/config.js'
import { secretsCheck } from '../../src/checks/secrets.js'
import type { CheckContext } from '../../src/check-support/check.js'

const PUB = 'abcdwxyz'
const PRIV = '12345678-abcd-4ef0-9876-0123456789ab'
const CID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const CSEC = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6Mn8Pq0Rs2'
const AIKEY = 'apikey-0123456789abcdefghij'

async function check(inputs: Record<string, string>) {
  const { config } = parseConfig(inputs)
  const ctx = { config } as unknown as CheckContext
  return secretsCheck.run(ctx)
}

const ids = async (inputs: Record<string, string>) => (await check(inputs)).findings.map(f => f.id)

describe('secrets check', () => {
  it('passes well-formed credentials of every family', async () => {
    const out = await check({ 'atlas-public-key': PUB, 'atlas-private-key': PRIV, 'ai-api-key': AIKEY })
    expect(out.findings.map(f => f.severity)).toEqual(['notice'])
    expect(await ids({ 'atlas-client-id': CID, 'atlas-client-secret': CSEC })).toEqual(['secrets/ok'])
  })

  it.each([
    [
      'trailing newline',
      { 'atlas-private-key': `${PRIV}\n`, 'atlas-public-key': PUB },
      'secrets/trailing-newline'
    ],
    ['CRLF', { 'atlas-client-secret': `${CSEC}\r\n`, 'atlas-client-id': CID }, 'secrets/trailing-newline'],
    ['spaces', { 'atlas-public-key': ` ${PUB} `, 'atlas-private-key': PRIV }, 'secrets/whitespace'],
    [
      'a space inside',
      { 'atlas-client-secret': `${CSEC.slice(0, 14)} ${CSEC.slice(14)}`, 'atlas-client-id': CID },
      'secrets/inner-whitespace'
    ],
    ['quotes', { 'ai-api-key': `"${AIKEY}"` }, 'secrets/quoted'],
    ['Bearer prefix', { 'ai-api-key': `Bearer ${AIKEY}` }, 'secrets/auth-scheme-prefix'],
    [
      'YOUR_CLIENT_ID',
      { 'atlas-client-id': 'YOUR_CLIENT_ID', 'atlas-client-secret': CSEC },
      'secrets/placeholder'
    ],
    ['xxx', { 'ai-api-key': 'xxxxxxxx' }, 'secrets/placeholder'],
    ['changeme', { 'atlas-private-key': 'changeme', 'atlas-public-key': PUB }, 'secrets/placeholder'],
    ['an unexpanded expression', { 'ai-api-key': '${{ secrets.AI_KEY }}' }, 'secrets/placeholder'],
    ['blank', { 'ai-api-key': '   ' }, 'secrets/blank'],
    ['a short public key', { 'atlas-public-key': 'abc', 'atlas-private-key': PRIV }, 'secrets/format'],
    [
      'a redacted private key',
      { 'atlas-public-key': PUB, 'atlas-private-key': '********-****-****-0123456789ab' },
      'secrets/redacted-private-key'
    ],
    ['half an API key pair', { 'atlas-public-key': PUB }, 'secrets/half-pair'],
    ['half a service account', { 'atlas-client-secret': CSEC }, 'secrets/half-pair'],
    [
      'a service account secret as private key',
      { 'atlas-public-key': PUB, 'atlas-private-key': CSEC },
      'secrets/wrong-family'
    ],
    [
      'a client id as public key',
      { 'atlas-public-key': CID, 'atlas-private-key': PRIV },
      'secrets/wrong-family'
    ],
    [
      'swapped public/private',
      { 'atlas-public-key': PRIV, 'atlas-private-key': PUB },
      'secrets/swapped-key-pair'
    ],
    ['an Atlas key as AI key', { 'ai-api-key': CSEC }, 'secrets/atlas-key-in-ai'],
    [
      'an AI key as private key',
      { 'atlas-public-key': PUB, 'atlas-private-key': AIKEY },
      'secrets/wrong-family'
    ],
    ['an ak_ public id as AI key', { 'ai-api-key': 'ak_3f9a0c' }, 'secrets/ai-public-id'],
    [
      'an AI client id (from an OAuth guide)',
      { 'ai-api-key': AIKEY, 'ai-client-id': 'abc123' },
      'secrets/ai-client-credentials'
    ],
    ['nothing at all', {}, 'secrets/no-credentials']
  ])('%s', async (_name, inputs, id) => {
    const out = await check(inputs as Record<string, string>)
    expect(out.findings.map(x => x.id)).toContain(id)
    const f = out.findings.find(x => x.id === id)
    expect(f!.severity).toBe('error')
    expect(f!.fix).not.toBe('')
    // A finding describes the value; it never quotes it (placeholders are named generically, they are no secret).
    const quotable = id === 'secrets/placeholder' ? [] : Object.values(inputs as Record<string, string>)
    for (const v of quotable.map(x => x.trim()).filter(x => x.length >= 8))
      expect(JSON.stringify(out.findings)).not.toContain(v)
  })

  it('reports a swapped pair once, not as two wrong families', async () => {
    expect(await ids({ 'atlas-public-key': PRIV, 'atlas-private-key': PUB })).toEqual([
      'secrets/swapped-key-pair'
    ])
  })

  it('names where a service account credential in the AI inputs belongs', async () => {
    const out = await check({ 'ai-client-id': CID, 'ai-client-secret': CSEC })
    const fixes = out.findings.filter(f => f.id === 'secrets/ai-client-credentials').map(f => f.fix)
    expect(fixes).toEqual([
      expect.stringContaining('atlas-client-id'),
      expect.stringContaining('atlas-client-secret')
    ])
  })

  it('only warns about an AI key without the apikey- prefix (older keys may lack it)', async () => {
    const out = await check({ 'ai-api-key': 'f3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8' })
    expect(out.findings.map(f => [f.id, f.severity])).toEqual([['secrets/ai-key-prefix', 'warning']])
  })

  it('warns when both Atlas families are given and says which is used', async () => {
    const out = await check({
      'atlas-public-key': PUB,
      'atlas-private-key': PRIV,
      'atlas-client-id': CID,
      'atlas-client-secret': CSEC
    })
    expect(out.findings.map(f => f.id)).toEqual(['secrets/two-atlas-credentials'])
    expect(out.outputs?.['auth-method']).toBe('service-account')
  })
})

/**
 * The AI families told apart (issue 23, behaviour 1): `al-` Atlas model API keys, `apikey-` Atlas Cloud keys,
 * `mgmt-` Management API keys, `ak_` public ids (never a credential) and the Atlas Admin API families. Prefixes:
 * `al-` confirmed (the spec's example), `apikey-`/`mgmt-`/`ak_` likely (atlas-round3.md §4).
 */
describe('secrets check: the AI families', () => {
  const MODEL = 'al-Qx7Lm2Np4Rt6Vx8Bd1Fh3Jk5Mn7Pq9Rs0Tu2Wy4odu2'
  const MGMT = 'mgmt-0123456789abcdefghijklmnop'
  const AK = 'ak_01HXYZ0123456789'

  it('passes a model key, a management key and a key id each in its place', async () => {
    const out = await check({
      'ai-api-key': AIKEY,
      'model-api-key': MODEL,
      'ai-management-key': MGMT,
      'ai-key-id': AK
    })
    expect(out.findings.map(f => f.id)).toEqual(['secrets/ok'])
    expect(out.findings[0]!.seen).toContain('Atlas model API key')
    expect(out.findings[0]!.seen).toContain('Management API key')
  })

  it.each([
    ['an al- key in ai-api-key', { 'ai-api-key': MODEL }, 'secrets/model-key-in-ai', 'model-api-key'],
    [
      'a mgmt- key in ai-api-key',
      { 'ai-api-key': MGMT },
      'secrets/management-key-in-ai',
      'ai-management-key'
    ],
    ['an apikey- key in model-api-key', { 'model-api-key': AIKEY }, 'secrets/ai-key-in-model', 'ai-api-key'],
    ['an ak_ id in model-api-key', { 'model-api-key': AK }, 'secrets/public-id-as-secret', 'ai-key-id'],
    [
      'an ak_ id in ai-management-key',
      { 'ai-management-key': AK },
      'secrets/public-id-as-secret',
      'ai-key-id'
    ],
    [
      'an ak_ id in atlas-client-secret',
      { 'atlas-client-id': CID, 'atlas-client-secret': AK },
      'secrets/public-id-as-secret',
      'ai-key-id'
    ],
    ['an ak_ id in ai-api-key', { 'ai-api-key': AK }, 'secrets/ai-public-id', 'cannot authenticate'],
    [
      'an apikey- key in ai-management-key',
      { 'ai-management-key': AIKEY },
      'secrets/wrong-family',
      'ai-api-key'
    ],
    [
      'an al- key in ai-management-key',
      { 'ai-management-key': MODEL },
      'secrets/wrong-family',
      'model-api-key'
    ],
    ['a mgmt- key in model-api-key', { 'model-api-key': MGMT }, 'secrets/wrong-family', 'ai-management-key'],
    [
      'an Atlas service account secret in model-api-key',
      { 'model-api-key': CSEC },
      'secrets/wrong-family',
      'atlas-client-secret'
    ],
    [
      'an al- key in atlas-client-secret',
      { 'atlas-client-id': CID, 'atlas-client-secret': MODEL },
      'secrets/wrong-family',
      'model-api-key'
    ],
    ['a secret in ai-key-id', { 'ai-key-id': AIKEY }, 'secrets/secret-in-key-id', 'not masked'],
    ['a stray ai-key-id', { 'ai-key-id': 'key-42' }, 'secrets/key-id-format', 'ak_']
  ])('%s', async (_name, inputs, id, named) => {
    const out = await check(inputs)
    expect(out.findings.map(x => x.id)).toContain(id)
    const f = out.findings.find(x => x.id === id)
    expect(`${f!.seen} ${f!.fix}`).toContain(named)
    // Never the value itself.
    for (const v of Object.values(inputs).filter(x => x.length > 12))
      expect(JSON.stringify(out.findings)).not.toContain(v.slice(8))
  })

  it('accepts a Voyage-direct key (no documented prefix) in model-api-key: the host rule judges it', async () => {
    expect(await ids({ 'model-api-key': 'pa-VoyageDirectKey0123456789abcdef' })).toEqual(['secrets/ok'])
  })
})
