import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseBalance, parseMoney } from '../../src/atlascloud/balance.js'

const body = (available: unknown) => ({ object: 'balance', scope: 'account', available })

describe('balance parser (docs/reference/atlascloud-ai-api.md §4: six-decimal strings, lowercase usd)', () => {
  it('reads the documented example', () => {
    const r = parseBalance({
      ...body({ value: '125.500000', currency: 'usd' }),
      frozen: { value: '2.000000', currency: 'usd' },
      credit_grant: { status: 'active', remaining_overdraft: { value: '0.000000', currency: 'usd' } }
    })
    expect(r).toEqual({
      ok: true,
      balance: expect.objectContaining({
        available: { value: 125.5, text: '125.500000', currency: 'usd' },
        frozen: expect.objectContaining({ value: 2 }),
        creditGrant: expect.objectContaining({ status: 'active' })
      })
    })
  })

  it.each([
    ['zero', '0.000000', 0],
    ['negative (overdrawn)', '-3.250000', -3.25],
    ['a number instead of a string', 12.5, 12.5],
    ['upper-case currency', '1.000000', 1]
  ])('keeps %s', (_n, value, expected) => {
    const r = parseBalance(body({ value, currency: _n === 'upper-case currency' ? 'USD' : 'usd' }))
    expect(r.ok && r.balance.available.value).toBe(expected)
  })

  it.each([
    ['no available field', { object: 'balance' }, 'missing'],
    ['available without value', body({ currency: 'usd' }), 'missing'],
    ['a word', body({ value: 'ten', currency: 'usd' }), 'not-numeric'],
    ['NaN string', body({ value: 'NaN', currency: 'usd' }), 'not-finite'],
    ['Infinity string', body({ value: 'Infinity', currency: 'usd' }), 'not-finite'],
    ['-Infinity string', body({ value: '-Infinity', currency: 'usd' }), 'not-finite'],
    ['NaN number', body({ value: Number.NaN, currency: 'usd' }), 'not-finite'],
    ['Infinity number', body({ value: Number.POSITIVE_INFINITY, currency: 'usd' }), 'not-finite'],
    ['empty string', body({ value: '', currency: 'usd' }), 'not-numeric'],
    ['1e3 notation', body({ value: '1e3', currency: 'usd' }), 'not-numeric'],
    ['a boolean', body({ value: true, currency: 'usd' }), 'not-numeric'],
    ['euros', body({ value: '5.000000', currency: 'eur' }), 'currency'],
    ['no currency', body({ value: '5.000000' }), 'currency'],
    ['an array', [], 'not-an-object'],
    ['null', null, 'not-an-object']
  ])('rejects %s clearly', (_n, json, problem) => {
    const r = parseBalance(json)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problem).toBe(problem)
  })

  it('never accepts a non-finite value (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1/0')),
        v => {
          const r = parseMoney({ value: v, currency: 'usd' })
          expect(!r.ok || Number.isFinite(r.money.value)).toBe(true)
        }
      ),
      { numRuns: 500 }
    )
  })
})
