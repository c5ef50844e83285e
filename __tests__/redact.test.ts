import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { Redactor } from '../src/report/redact.js'
import { untrusted } from '../src/report/untrusted.js'

describe('redaction', () => {
  const secret = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6+/='
  const r = new Redactor([secret, 'mdb_sa_id_65a1b2c3d4e5f60718293a51'])

  it.each([
    ['raw', secret],
    ['URL-encoded', encodeURIComponent(secret)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['in a Basic header', Buffer.from(`mdb_sa_id_65a1b2c3d4e5f60718293a51:${secret}`).toString('base64')],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)]
  ])('removes the secret %s', (_n, form) => {
    expect(r.redact(`before ${form} after`)).toBe('before *** after')
  })

  it('redacts inside nested report objects, keys included', () => {
    expect(r.redactDeep({ a: [{ b: `x${secret}y` }], [secret]: 1 })).toEqual({
      a: [{ b: 'x***y' }],
      '***': 1
    })
  })

  it('removes every planted secret from arbitrary text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40 }),
        fc.string(),
        fc.string(),
        (s, before, after) => {
          fc.pre(s.trim().length >= 8)
          const red = new Redactor([s])
          const out = red.redact(`${before}${s}${after}`)
          expect(out.includes(s.trim())).toBe(false)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('untrusted server text', () => {
  it.each([
    ['a workflow command', 'bad\n::error::injected', '::'],
    ['add-mask', '::add-mask::x', '::'],
    ['set-output', 'a\r\n::set-output name=status::pass', '::'],
    ['encoded newlines', 'a%0A::warning::b', '%0A']
  ])('neutralises %s', (_n, text, forbidden) => {
    const out = untrusted(text)
    expect(out).not.toContain(forbidden)
    expect(out).not.toMatch(/[\r\n]/)
  })

  it('never yields a line that starts a workflow command (property)', () => {
    fc.assert(
      fc.property(fc.string(), s => {
        const out = untrusted(s)
        expect(out).not.toMatch(/[\r\n]/)
        expect(out).not.toContain('::')
      }),
      { numRuns: 1000 }
    )
  })
})
