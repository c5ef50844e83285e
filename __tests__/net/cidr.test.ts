import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { contains, isValidIp, isWholeInternet, parseRange } from '../../src/net/cidr.js'
// The sandbox's BigInt matcher is an independent implementation: it serves as the reference.
import { inCidr } from '../../sandbox/http-util.js'

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map(p => p.join('.'))
const v6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map(p => p.map(x => x.toString(16)).join(':'))

describe('CIDR matching (ipaddr.js)', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.10', true],
    ['203.0.113.10/32', '203.0.113.10', true],
    ['203.0.113.10', '203.0.113.10', true],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['2001:db8::/32', '2001:db8:1::5', true],
    ['2001:db8::/32', '2001:db9::5', false],
    ['203.0.113.0/24', '::ffff:203.0.113.7', true],
    ['203.0.113.0/24', '2001:db8::1', false],
    // an IPv6 range never holds an IPv4 address, mapped ranges included (answered without parsing the range)
    ['2001:db8::/32', '203.0.113.1', false],
    ['::ffff:203.0.113.0/120', '203.0.113.7', false],
    ['::/0', '203.0.113.7', false],
    // a bare IPv4-mapped address is the IPv4 address
    ['::ffff:203.0.113.7', '203.0.113.7', true],
    ['not a cidr', '203.0.113.1', false],
    ['203.0.113.0/24', 'nonsense', false]
  ])('%s contains %s: %s', (entry, ip, expected) => {
    expect(contains(entry, ip)).toBe(expected)
  })

  // The module picks ipaddr.js's IPv4 or IPv6 parser by the text (ipaddr.js's own `parse`/`parseCIDR` try IPv6 first,
  // whose parser costs about 2 ms on first use): the answers must be those of ipaddr.js's own entry points.
  it.each([
    '203.0.113.7',
    '203.0.113.0/24',
    '203.0.113.0/33',
    '0.0.0.0/0',
    '2001:db8::/32',
    '2001:db8::1',
    '::ffff:203.0.113.7',
    '::ffff:203.0.113.0/120',
    '::/0',
    'fe80::1%eth0',
    '1.2.3',
    '01.2.3.4',
    '0x7f.0.0.1',
    '203.0.113.0/',
    '/24',
    'nonsense',
    ''
  ])('parses %j as ipaddr.js itself does', text => {
    const reference = (() => {
      try {
        if (text.includes('/')) return ipaddr.parseCIDR(text).map(String)
        if (!(ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text))) return undefined
        const a = ipaddr.parse(text)
        const n =
          a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
            ? (a as ipaddr.IPv6).toIPv4Address()
            : a
        return [String(n), String(n.kind() === 'ipv4' ? 32 : 128)]
      } catch {
        return undefined
      }
    })()
    expect(parseRange(text)?.map(String)).toEqual(reference)
    expect(isValidIp(text)).toBe(ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text))
  })

  it('flags the whole internet', () => {
    expect(isWholeInternet('0.0.0.0/0')).toBe(true)
    expect(isWholeInternet('::/0')).toBe(true)
    expect(isWholeInternet('10.0.0.0/8')).toBe(false)
    expect(isWholeInternet(' 0.0.0.0/00 ')).toBe(true)
    expect(isWholeInternet('0.0.0.0')).toBe(false)
    expect(isWholeInternet('2001:db8::/10')).toBe(false)
    expect(isWholeInternet('nonsense/0')).toBe(false)
    expect(isWholeInternet('0.0.0.0/')).toBe(false)
  })

  it('agrees with a reference for random IPv4 addresses and prefixes (property)', () => {
    fc.assert(
      fc.property(
        v4,
        v4,
        fc.nat(32),
        (net, ip, bits) => contains(`${net}/${bits}`, ip) === inCidr(ip, `${net}/${bits}`)
      ),
      { numRuns: 2000 }
    )
  })

  it('agrees with a reference for random IPv6 addresses and prefixes (property)', () => {
    fc.assert(
      fc.property(
        v6,
        v6,
        fc.nat(128),
        (net, ip, bits) => contains(`${net}/${bits}`, ip) === inCidr(ip, `${net}/${bits}`)
      ),
      { numRuns: 2000 }
    )
  })
})
