import { describe, expect, it } from '@jest/globals'
import { connectionStringSecrets } from '../../src/net/connection-string.js'
import { Redactor } from '../../src/trust/redact.js'

describe('the secret parts of a connection string', () => {
  it('is the password, raw and decoded', () => {
    expect(
      connectionStringSecrets(
        'mongodb+srv://app:p%40ss-W0rd-123@cluster0.a1b2c.mongodb.net/?retryWrites=true'
      )
    ).toEqual(['p%40ss-W0rd-123', 'p@ss-W0rd-123'])
  })

  it('is everything before the last @ when an unencoded @ makes the split a guess', () => {
    expect(connectionStringSecrets('mongodb://app:p@ss@word@h1:27017/')).toContain('app:p@ss@word')
  })

  it('is found as the lint and the prober read the string: pasted with quotes or spaces around it', () => {
    for (const pasted of [
      ' "mongodb+srv://app:S3cret-pw-9@cluster0.a1b2c.mongodb.net/" ',
      "'mongodb+srv://app:S3cret-pw-9@cluster0.a1b2c.mongodb.net/'\n"
    ])
      expect(connectionStringSecrets(pasted)).toContain('S3cret-pw-9')
  })

  it('is nothing without a password', () => {
    expect(connectionStringSecrets('mongodb+srv://cluster0.a1b2c.mongodb.net/')).toEqual([])
    expect(connectionStringSecrets(undefined)).toEqual([])
  })

  it('with the whole string redacted whole, host names stay readable and the password goes in any piece', () => {
    const uri = 'mongodb+srv://app:Zq8Lm3Np5Rt7Vx9B@cluster0.a1b2c.mongodb.net/?appName=deploy'
    const r = new Redactor()
    r.add(uri, { fragments: false })
    for (const s of connectionStringSecrets(uri)) r.add(s)
    expect(r.redact('host cluster0.a1b2c.mongodb.net did not answer')).toBe(
      'host cluster0.a1b2c.mongodb.net did not answer'
    )
    expect(r.redact(`echo ${uri}`)).toBe('echo ***')
    expect(r.redact('echo Zq8Lm3Np5Rt7')).toBe('echo ***')
  })
})
