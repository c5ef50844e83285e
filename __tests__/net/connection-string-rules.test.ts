/**
 * The connection-string model against the rules of MongoDB's Connection String and URI Options specifications,
 * with cases written for this project (the specs' own suites run in conformance.test.ts): what a driver refuses is
 * an error and is never probed; what the specs call "valid with a warning" is a warning; the rest is clean.
 */
import { describe, expect, it } from '@jest/globals'
import {
  parseConnectionString,
  probePlanOf,
  refused,
  type ConnectionString
} from '../../src/net/connection-string.js'

const parse = (s: string): ConnectionString => parseConnectionString(s)!
const rules = (s: string, level: 'error' | 'warning') =>
  parse(s)
    .issues.filter(i => i.level === level)
    .map(i => i.rule)

describe('Connection String specification: refused before connecting, never probed', () => {
  it.each([
    ['a double colon after the host', 'mongodb://db1.example.org::27017', 'host-colons'],
    ['an IPv6 address without brackets', 'mongodb://fe80::1:27017', 'host-colons'],
    ['port 0', 'mongodb://db1.example.org:0', 'host-port'],
    ['a port above 65535', 'mongodb://[2001:db8::5]:70000', 'host-port'],
    ['an option without a value', 'mongodb://db1.example.org/?retryWrites', 'option-incomplete'],
    ['an unencoded colon in the password', 'mongodb://app:pa:ss@db1.example.org', 'userinfo-encoding'],
    ['an unencoded @ in the password', 'mongodb://app:p@ss@db1.example.org', 'userinfo-encoding'],
    ['an unencoded slash in the password', 'mongodb://app:pa/ss@db1.example.org/app', 'userinfo-encoding'],
    ['a stray percent in the user name', 'mongodb://ap%p:pw@db1.example.org', 'userinfo-encoding'],
    ['+srv with a port', 'mongodb+srv://cluster0.abcde.mongodb.net:27017', 'srv-port'],
    ['+srv with two hosts', 'mongodb+srv://a.abcde.mongodb.net,b.abcde.mongodb.net', 'srv-one-host'],
    [
      '+srv with directConnection=true',
      'mongodb+srv://c.abcde.mongodb.net/?directConnection=true',
      'direct-connection'
    ],
    [
      'directConnection=true with two hosts',
      'mongodb://h1.example.org,h2.example.org/?directConnection=true',
      'direct-connection'
    ],
    [
      'tlsInsecure with tlsAllowInvalidHostnames',
      'mongodb://h.example.org/?tlsInsecure=false&tlsAllowInvalidHostnames=true',
      'tls-conflict'
    ],
    ['tls and ssl disagreeing', 'mongodb://h.example.org/?ssl=true&tls=false', 'tls-conflict'],
    ['proxyPort without proxyHost', 'mongodb://h.example.org/?proxyPort=3128', 'proxy-options'],
    [
      'proxyUsername without proxyPassword',
      'mongodb://h.example.org/?proxyHost=p.example.org&proxyUsername=u',
      'proxy-options'
    ],
    [
      'loadBalanced=true with replicaSet',
      'mongodb://h.example.org/?loadBalanced=true&replicaSet=rs0',
      'load-balanced'
    ],
    ['srvMaxHosts without +srv', 'mongodb://h.example.org/?srvMaxHosts=1', 'srv-options'],
    [
      'srvMaxHosts with replicaSet',
      'mongodb+srv://c.abcde.mongodb.net/?srvMaxHosts=2&replicaSet=rs0',
      'srv-max-hosts'
    ],
    [
      'srvMaxHosts with loadBalanced=true',
      'mongodb+srv://c.abcde.mongodb.net/?loadBalanced=true&srvMaxHosts=1',
      'srv-max-hosts'
    ]
  ])('%s', (_what, uri, rule) => {
    const cs = parse(uri)
    expect(rules(uri, 'error')).toContain(rule)
    expect(refused(cs)).toBe(true)
    expect(probePlanOf(cs)).toEqual({ notProbed: 'refused' })
  })

  it('an @ in an option value is not the end of the user info (appName=ci@github probes the host, not github)', () => {
    const plan = probePlanOf(parse('mongodb://app:pw@db1.example.org:27018/?appName=ci@github'))
    expect(plan).toEqual({ target: { kind: 'hosts', hosts: [{ host: 'db1.example.org', port: 27018 }] } })
  })
})

describe('URI Options specification: valid with a warning, still probed', () => {
  it.each([
    ['an option no driver knows', 'mongodb://h.example.org/?colour=blue', 'option-unknown'],
    ['an integer option with text', 'mongodb://h.example.org/?connectTimeoutMS=soon', 'option-value'],
    [
      'an integer option below its minimum',
      'mongodb://h.example.org/?heartbeatFrequencyMS=100',
      'option-value'
    ],
    ['a boolean option with 1', 'mongodb://h.example.org/?retryWrites=1', 'option-value'],
    ['an empty value', 'mongodb://h.example.org/?socketTimeoutMS=', 'option-value'],
    ['an enum option with another value', 'mongodb://h.example.org/?readPreference=fastest', 'option-value'],
    ['an option given twice', 'mongodb://h.example.org/?appName=a&APPNAME=b', 'option-repeated'],
    ['a negative srvMaxHosts', 'mongodb+srv://c.abcde.mongodb.net/?srvMaxHosts=-3', 'option-value']
  ])('%s', (_what, uri, rule) => {
    expect(rules(uri, 'warning')).toContain(rule)
    expect(rules(uri, 'error')).toEqual([])
    expect('target' in probePlanOf(parse(uri))).toBe(true)
  })
})

describe('what the specs accept: no issue', () => {
  it.each([
    'mongodb+srv://app:pw@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority&appName=Cluster0',
    'mongodb://h1.example.org:27017,h2.example.org:27018/app?replicaSet=rs0&authSource=admin&tls=true',
    'mongodb://[2001:db8::5]:27017,192.0.2.7/?directConnection=false',
    'mongodb://h.example.org?tls=true',
    "mongodb://u!$&'()*+,;=:p!$&'()*+,;=@h.example.org/",
    'mongodb://h.example.org/?readPreferenceTags=dc:east,rack:2&readPreferenceTags=',
    'mongodb://h.example.org/?tls=true&tlsAllowInvalidCertificates=false',
    'mongodb+srv://c.abcde.mongodb.net/?srvMaxHosts=0&replicaSet=rs0',
    'mongodb+srv://c.abcde.mongodb.net/?srvServiceName=mdb'
  ])('%s', uri => {
    expect(parse(uri).issues).toEqual([])
  })

  it('hosts read as the spec says: default port, bracketed IPv6, names lower-cased, non-ASCII names kept', () => {
    const cs = parse('mongodb://app:pw@DB1.Example.ORG,[::1]:27019,bücher.example.org/app')
    expect(cs.hosts).toEqual([
      { host: 'db1.example.org', type: 'hostname' },
      { host: '::1', type: 'ip_literal', port: 27019 },
      { host: 'bücher.example.org', type: 'hostname' }
    ])
    expect([cs.username, cs.password, cs.database]).toEqual(['app', 'pw', 'app'])
  })
})

describe('Unix domain sockets: valid, and not probed from here', () => {
  it('a string of sockets only gives nothing to probe, named as sockets', () => {
    const cs = parse('mongodb://app:pw@%2Fvar%2Frun%2Fmongodb-27017.sock/admin')
    expect(cs.issues).toEqual([])
    expect(cs.hosts).toEqual([{ host: '/var/run/mongodb-27017.sock', type: 'unix' }])
    expect(probePlanOf(cs)).toEqual({ notProbed: 'unix-socket' })
  })

  it('a socket beside a network host: the network host only is probed', () => {
    const plan = probePlanOf(parse('mongodb://%2Ftmp%2Fm.sock,db1.example.org:27020'))
    expect(plan).toEqual({ target: { kind: 'hosts', hosts: [{ host: 'db1.example.org', port: 27020 }] } })
  })
})

describe('SRV options reach the prober', () => {
  it('srvServiceName, srvMaxHosts, replicaSet and loadBalanced are carried to the SRV target', () => {
    expect(probePlanOf(parse('mongodb+srv://C.Abcde.mongodb.net/?srvServiceName=mdb&srvMaxHosts=2'))).toEqual(
      {
        target: { kind: 'srv', name: 'c.abcde.mongodb.net', serviceName: 'mdb', maxHosts: 2 }
      }
    )
    expect(
      probePlanOf(parse('mongodb+srv://c.abcde.mongodb.net/?loadBalanced=false&replicaSet=rs0'))
    ).toEqual({
      target: {
        kind: 'srv',
        name: 'c.abcde.mongodb.net',
        serviceName: 'mongodb',
        maxHosts: 0,
        replicaSet: 'rs0',
        loadBalanced: false
      }
    })
  })
})
