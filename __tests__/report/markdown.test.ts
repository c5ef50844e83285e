import { describe, expect, it } from '@jest/globals'
import { md, noMentions } from '../../src/report/markdown.js'

const ZWSP = '\u200b'

describe('noMentions: server text in an issue notifies no one and links no issue', () => {
  it.each([
    ['a user', 'ask @alice', `ask @${ZWSP}alice`],
    ['a team', 'cc @octo-org/admins.', `cc @${ZWSP}octo-org/admins.`],
    ['an issue reference', 'see #12', `see #${ZWSP}12`],
    ['a cross-repository reference', 'o/r#3', `o/r#${ZWSP}3`],
    ['a GH- reference', 'fixed in GH-7', `fixed in GH-${ZWSP}7`],
    ['a reference already escaped by md()', md('see #12'), `see \\#${ZWSP}12`]
  ])('makes %s inert', (_n, text, expected) => {
    expect(noMentions(text)).toBe(expected)
  })

  it('leaves code spans, headings and plain signs alone', () => {
    expect(noMentions('## Findings\n`@alice #12` and ``a ` @b``, 5 @ 3, C# code')).toBe(
      '## Findings\n`@alice #12` and ``a ` @b``, 5 @ 3, C# code'
    )
  })

  it('treats an unclosed backtick as text (GitHub does), so what follows it is made inert', () => {
    expect(noMentions('`@alice')).toBe(`\`@${ZWSP}alice`)
    expect(noMentions('x ` @bob')).toBe(`x \` @${ZWSP}bob`)
  })
})
