/**
 * What kind of address DNS gave for a host: a public one, or one that cannot be a cloud service's public host
 * (loopback, link-local such as the cloud metadata address 169.254.169.254, private or unique-local ranges, the
 * unspecified address). With ipaddr.js, IPv4-mapped IPv6 read as the IPv4 address it carries.
 */
import ipaddr from 'ipaddr.js'

export type AddressScope = 'public' | 'loopback' | 'link-local' | 'private' | 'unspecified' | 'other'

export function addressScope(address: string): AddressScope {
  if (!ipaddr.isValid(address)) return 'other'
  let a = ipaddr.parse(address)
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address()
  switch (a.range()) {
    case 'unicast':
      return 'public'
    case 'loopback':
      return 'loopback'
    case 'linkLocal':
      return 'link-local'
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private'
    case 'unspecified':
      return 'unspecified'
    default:
      return 'other'
  }
}
