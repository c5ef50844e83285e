/**
 * The Initial DNS Seedlist Discovery rules applied to SRV and TXT answers, with cases written for this project
 * (the spec's own suite runs in conformance.test.ts): each refusal names its rule and quotes the record.
 */
import { describe, expect, it } from '@jest/globals'
import { seedlistOf, underParentDomain } from '../../src/net/seedlist.js'
import type { SrvUriOptions } from '../../src/net/connection-string.js'

const NAME = 'cluster0.abcde.mongodb.net'
const uri = (more: Partial<SrvUriOptions> = {}): SrvUriOptions => ({
  serviceName: 'mongodb',
  maxHosts: 0,
  ...more
})
const three = [0, 1, 2].map(i => ({ name: `cluster0-shard-00-0${i}.abcde.mongodb.net.`, port: 27017 }))

describe('parent-domain rule', () => {
  it.each([
    ['cluster0-shard-00-00.abcde.mongodb.net', true],
    ['deeper.cluster0-shard.abcde.mongodb.net', true],
    ['CLUSTER0-SHARD-00-00.ABCDE.MONGODB.NET.', true],
    ['cluster0-shard-00-00.evil.mongodb.net', false],
    ['cluster0-shard-00-00.abcde.mongodb.net.evil.example', false],
    ['xabcde.mongodb.net', false],
    ['abcde.mongodb.net', false]
  ])('%s → %s', (target, ok) => {
    expect(underParentDomain(NAME, target)).toBe(ok)
  })

  it('a name of one or two labels is its own domain, and the target must be longer than it', () => {
    expect(underParentDomain('db.internal', 'node1.db.internal')).toBe(true)
    expect(underParentDomain('db.internal', 'db.internal')).toBe(false)
    expect(underParentDomain('db.internal', 'node1.evildb.internal')).toBe(false)
  })

  it('one target outside refuses the whole answer and quotes it', () => {
    const r = seedlistOf(NAME, [...three, { name: 'attacker.example.com', port: 27017 }], [], uri())
    expect(r.refusal).toMatchObject({ rule: 'srv-parent-domain', record: 'attacker.example.com:27017' })
    expect(r.seeds).toEqual([])
  })
})

describe('TXT rules', () => {
  it('two TXT records are refused', () => {
    const r = seedlistOf(NAME, three, [['authSource=admin'], ['replicaSet=rs0']], uri())
    expect(r.refusal?.rule).toBe('txt-multiple')
  })

  it('an option other than authSource, replicaSet and loadBalanced is refused, quoting the record', () => {
    const r = seedlistOf(NAME, three, [['authSource=admin&tls=false']], uri())
    expect(r.refusal).toMatchObject({ rule: 'txt-option-not-allowed', record: 'authSource=admin&tls=false' })
  })

  it('a key without a value is malformed', () => {
    expect(seedlistOf(NAME, three, [['replicaSet']], uri()).refusal?.rule).toBe('txt-malformed')
    expect(seedlistOf(NAME, three, [['replicaSet=']], uri()).refusal?.rule).toBe('txt-malformed')
  })

  it("a record split in character-strings is joined; the string's options override the TXT's", () => {
    const r = seedlistOf(NAME, three, [['authSource=ad', 'min&replicaSet=rs0']], uri({ replicaSet: 'other' }))
    expect(r.refusal).toBeUndefined()
    expect(r.txtOptions).toEqual({ authSource: 'admin', replicaSet: 'rs0' })
    expect(r.replicaSet).toBe('other')
    expect(r.seeds).toHaveLength(3)
  })
})

describe('srvMaxHosts and loadBalanced', () => {
  it('srvMaxHosts keeps the first N hosts in DNS order', () => {
    const r = seedlistOf(NAME, three, [], uri({ maxHosts: 1 }))
    expect(r.seeds).toEqual([{ host: 'cluster0-shard-00-00.abcde.mongodb.net', port: 27017 }])
    expect(r.all).toHaveLength(3)
  })

  it('srvMaxHosts conflicts with a replicaSet that comes from the TXT record', () => {
    const r = seedlistOf(NAME, three, [['replicaSet=rs0']], uri({ maxHosts: 2 }))
    expect(r.refusal).toMatchObject({ rule: 'srv-max-hosts', record: 'replicaSet=rs0' })
    expect(r.refusal?.text).toContain('from the TXT record')
  })

  it('srvMaxHosts conflicts with loadBalanced=true from the TXT record; 0 does not', () => {
    const one = three.slice(0, 1)
    expect(seedlistOf(NAME, one, [['loadBalanced=true']], uri({ maxHosts: 1 })).refusal?.rule).toBe(
      'srv-max-hosts'
    )
    expect(seedlistOf(NAME, one, [['loadBalanced=true']], uri()).refusal).toBeUndefined()
  })

  it('loadBalanced=true needs exactly one SRV host and no replicaSet', () => {
    expect(seedlistOf(NAME, three, [['loadBalanced=true']], uri()).refusal?.rule).toBe('load-balanced')
    expect(
      seedlistOf(NAME, three.slice(0, 1), [], uri({ loadBalanced: true, replicaSet: 'rs0' })).refusal?.rule
    ).toBe('load-balanced')
    expect(
      seedlistOf(NAME, three, [['loadBalanced=true']], uri({ loadBalanced: false })).refusal
    ).toBeUndefined()
  })

  it('no SRV record at all is refused', () => {
    expect(seedlistOf(NAME, [], [], uri()).refusal?.rule).toBe('srv-no-records')
  })
})
