import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { Redactor, isPlaceholder, stripPublicPrefix } from '../../src/trust/redact.js'
import { safeLines, safeText, untrusted } from '../../src/core/untrusted.js'
import { code, md } from '../../src/report/markdown.js'
import { guardValue } from '../../src/trust/guard.js'

const secret = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6+/='

describe('redaction', () => {
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

  it.each([
    ['cut at the end', secret.slice(0, -2)],
    ['cut at the start', secret.slice(12)],
    ['an 8-character piece from the middle', secret.slice(14, 22)]
  ])('removes a fragment of the secret: %s', (_n, piece) => {
    const out = r.redact(`echo: ${piece}.`)
    // The public prefix (mdb_sa_sk_) may stay; no 8 characters of what follows it may.
    const body = secret.slice('mdb_sa_sk_'.length)
    for (let i = 0; i + 8 <= body.length; i++) expect(out).not.toContain(body.slice(i, i + 8))
    expect(out).toContain('***')
  })

  it('finds a piece and a whole form wherever they sit: the scan looks at one place in a few, never skips a match', () => {
    const body = secret.slice('mdb_sa_sk_'.length)
    for (let pad = 0; pad < 12; pad++)
      for (const [what, found] of [
        ['an 8-character piece', body.slice(5, 13)],
        ['the whole secret', secret],
        ['the client id', 'mdb_sa_id_65a1b2c3d4e5f60718293a51']
      ] as const) {
        const out = r.redact(`${'x'.repeat(pad)}${found}-`)
        expect([what, pad, out]).toEqual([what, pad, `${'x'.repeat(pad)}***-`])
      }
  })

  it('finds an identifier or a Basic pair that starts inside a piece of another secret (no separator between)', () => {
    const r2 = new Redactor(['abcdefghij'])
    r2.add('efghijPUBKEY', { fragments: false })
    expect(r2.redact('id=cdefghijPUBKEY')).toBe('id=***')
    const pair = Buffer.from(`efghijPUBKEY:abcdefghij`).toString('base64')
    const r3 = new Redactor(['abcdefghij', 'zyxwvutsrq'])
    r3.add('efghijPUBKEY', { fragments: false })
    const out = r3.redact(`Basic ${Buffer.from('zyxwvuts').toString('base64').slice(0, 6)}${pair}`)
    expect(out).not.toContain(pair.slice(8, 16))
  })

  it('marks two secrets that overlap in the text once, and leaves nothing of either', () => {
    const a = 'Zq8Lm3Np5Rt7Vx9B'
    const b = '5Rt7Vx9BkW2sYh6Q'
    const both = new Redactor([a, b])
    expect(both.redact('<Zq8Lm3Np5Rt7Vx9BkW2sYh6Q>')).toBe('<***>')
  })

  it('indexes a token with a lone surrogate (a JSON answer can hold one) and redacts it, without throwing', () => {
    const token = `eyJhbGciOiJFUzUxMi${String.fromCharCode(0xd800)}tail0123456789abcdefghij`
    const r = new Redactor()
    r.add(token)
    expect(r.redact(`Bearer ${token} and ${token.slice(20)}`)).toBe('Bearer *** and ***')
  })

  it('keeps a public prefix alone (the format name is not the secret)', () => {
    expect(r.redact('paste the value that starts with mdb_sa_sk_ here')).toBe(
      'paste the value that starts with mdb_sa_sk_ here'
    )
  })

  it('removes half of a short secret', () => {
    const short = new Redactor(['k3y!x9Q#'])
    expect(short.redact('got 3y!x9 back')).toBe('got *** back')
  })

  it('redacts values, never keys, and keeps structure', () => {
    expect(r.redactDeep({ a: [{ b: `x${secret}y` }], [secret]: 1, n: 5, t: true })).toEqual({
      a: [{ b: 'x***y' }],
      [secret]: 1,
      n: 5,
      t: true
    })
  })

  it.each(['secret', 'fail', 'true', 'pass', '1234'])(
    'leaves the action vocabulary alone when a placeholder %s is given as a secret',
    word => {
      expect(isPlaceholder(word)).toBe(true)
      const red = new Redactor([word])
      expect(red.redact(`status=fail failed-checks=secrets ${word}`)).toBe(
        `status=fail failed-checks=secrets ${word}`
      )
    }
  )

  it('walks 100,000 levels of nesting without exhausting the stack', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const out = r.redactDeep({ roles: deep }) as { roles: unknown }
    expect(JSON.stringify(out).length).toBeLessThan(1000)
    expect(JSON.stringify(out)).toContain('(nested too deeply)')
  })

  /** A planted secret, echoed cut short by two characters, leaves no trace of itself or of the cut form. */
  const cutEchoLeavesNothing = (s: string, before: string, after: string) => {
    const red = new Redactor([s])
    const out = red.redact(`${before}${s.slice(0, -2)}${after}`)
    expect(out.includes(s.trim())).toBe(false)
    expect(out.includes(s.slice(0, -2))).toBe(false)
  }
  const plantedSecret = fc.property(
    fc.string({ minLength: 16, maxLength: 40 }),
    fc.string(),
    fc.string(),
    (s, before, after) => {
      fc.pre(s.trim().length >= 16 && !isPlaceholder(s.trim()))
      cutEchoLeavesNothing(s, before, after)
    }
  )

  it('removes every planted secret and each of its 8-character pieces from arbitrary text (property)', () => {
    fc.assert(plantedSecret, { numRuns: 300 })
  })

  // Issue 19 item 9: words and underscores at the start of a secret were taken for a public prefix (`deploy_key_`),
  // leaving too little behind to count pieces in, so the secret echoed cut short stayed in clear. These are the
  // values the property found (fast-check's shrunk counterexamples) and the seeds that found them.
  it.each([
    ['deploy_key_Xy3!p9', 'deploy_key_Xy3!'],
    ['AAAAAAAA_      !', 'AAAAAAAA_     '],
    ['AAAAAAA_       !', 'AAAAAAA_      '],
    ['AAAAAA_        !', 'AAAAAA_       '],
    ['build_token_Q9z!', 'build_token_Q9'],
    // A real public prefix with a short body: pieces are counted in the body, not in the whole.
    ['apikey-abc123', 'apikey-abc1']
  ])('redacts %j echoed cut short as %j', (s, echoed) => {
    const out = new Redactor([s]).redact(`echo: ${echoed}.`)
    expect(out).not.toContain(echoed)
    expect(out).toContain('***')
  })

  it.each([7, 33, 34, 36, 44, 51, 70, 72, 82, 86, 93])(
    'holds the property for seed %d, which found the prefix leak',
    seed => {
      fc.assert(plantedSecret, { numRuns: 300, seed })
    }
  )

  it('takes only the credential families public prefixes off, and only when something is left after them', () => {
    expect(stripPublicPrefix('mdb_sa_sk_abcdefgh')).toBe('abcdefgh')
    expect(stripPublicPrefix('apikey-0123456789')).toBe('0123456789')
    expect(stripPublicPrefix('deploy_key_Xy3!p9')).toBe('deploy_key_Xy3!p9')
    expect(stripPublicPrefix('my-secret-value')).toBe('my-secret-value')
    expect(stripPublicPrefix('sk-ab')).toBe('sk-ab')
  })

  it('finds forms and pieces the same way whatever else is registered (many secrets, a long token)', () => {
    const token = `eyJ${'aB3-_'.repeat(200)}`
    const many = new Redactor(Array.from({ length: 30 }, (_, i) => `s${i}-Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6-${i}`))
    many.add(token)
    many.add(secret)
    const text = `a ${secret.slice(3, 20)} b ${encodeURIComponent(secret)} c ${token.slice(100, 140)} d %5A%71%38%4C%6D%33%4E%70 e`
    expect(many.redact(text)).toBe('a _sa_sk_*** b *** c *** d *** e')
  })
})

describe('the one sanitiser', () => {
  it.each([
    ['a workflow command after a newline', 'bad\n::error::injected'],
    ['add-mask at the start', '::add-mask::x'],
    ['set-output after CRLF', 'a\r\n::set-output name=status::pass'],
    ['the legacy form anywhere', 'detail ##[error]owned'],
    ['legacy set-output', 'x ##[set-output name=status;]pass'],
    ['a line separator', 'a\u2028::error::b'],
    ['a next-line control', 'a\u0085::error::b']
  ])('neutralises %s', (_n, text) => {
    const out = safeText(text)
    expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
    expect(out).not.toContain('##[')
    expect(out.trimStart().startsWith('::')).toBe(false)
  })

  it('removes bidirectional overrides', () => {
    expect(safeText('abc\u202Edcb\u2066x')).toBe('abcdcbx')
  })

  it('keeps IPv6 addresses readable', () => {
    expect(safeText('add 2001:db8::1/128')).toBe('add 2001:db8::1/128')
  })

  it('keeps a block layout while no line can be a command', () => {
    expect(safeLines('head\n    seen: ##[error]x\n::warning::y')).toBe(
      'head\n    seen: #\u200b#[error]x\n:\u200b:warning::y'
    )
  })

  it('never yields a command line, in either form (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const out = safeLines(`${safeText(a)}\n${b}`)
        for (const line of out.split('\n')) {
          expect(line).not.toContain('##[')
          expect(line.trimStart().startsWith('::')).toBe(false)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('untrusted() cuts but does not change characters (writers sanitise after redacting)', () => {
    expect(untrusted('a::b\nc', 300)).toBe('a::b\nc')
    expect(untrusted('x'.repeat(400), 10)).toBe(`${'x'.repeat(9)}…`)
    expect(untrusted({ a: 1 })).toBe('{"a":1}')
  })

  it('guardValue redacts before it shortens: a secret at the cut never survives in part', () => {
    const red = new Redactor([secret])
    const padded = `${'p'.repeat(1990)}${secret}`
    const out = guardValue({ seen: padded }, red).seen
    const body = secret.slice('mdb_sa_sk_'.length)
    for (let i = 0; i + 8 <= body.length; i++) expect(out).not.toContain(body.slice(i, i + 8))
    expect(out.length).toBeLessThanOrEqual(2000)
  })
})

describe('markdown', () => {
  it('renders a server link or image as text', () => {
    const out = md('![x](https://evil.example/p.png) [Fix it here](https://evil.example)')
    expect(out).not.toMatch(/(^|[^\\])!\[/)
    expect(out).not.toMatch(/(^|[^\\])\]\(/)
    expect(out).not.toMatch(/(^|[^\\]):\/\//)
  })

  it('keeps the action own code spans as code, with no HTML entity inside', () => {
    expect(md('run `atlas accessLists create --ip <address>` now')).toBe(
      'run `atlas accessLists create --ip <address>` now'
    )
  })

  it('escapes table pipes inside and outside code spans', () => {
    expect(md('a | b `c | d`')).toBe('a \\| b `c \\| d`')
  })

  it('makes a code span of anything', () => {
    expect(code('a`b')).toBe('``a`b``')
    expect(code('x|y')).toBe('`x\\|y`')
  })
})
