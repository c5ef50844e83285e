/** The fleet's bound on reads in flight (src/fleet/pool.ts). */
import { describe, expect, it } from '@jest/globals'
import { limiter } from '../../src/fleet/pool.js'

describe('limiter', () => {
  it('runs at most n tasks at once, in order, and a freed slot starts the next task before the caller goes on', async () => {
    const limit = limiter(2)
    const events: string[] = []
    let active = 0
    let peak = 0
    const finish = new Map<number, () => void>()
    const task = (i: number) => () =>
      new Promise<number>(resolve => {
        active++
        peak = Math.max(peak, active)
        events.push(`start ${i}`)
        finish.set(i, () => {
          active--
          resolve(i)
        })
      })
    const calls = [0, 1, 2, 3].map(i =>
      limit(task(i)).then(v => {
        events.push(`caller ${v}`)
        return v
      })
    )
    expect(events).toEqual(['start 0', 'start 1'])
    finish.get(0)!()
    await calls[0]
    // The next request leaves before the answer just received is processed.
    expect(events).toEqual(['start 0', 'start 1', 'start 2', 'caller 0'])
    finish.get(1)!()
    finish.get(2)!()
    await Promise.all(calls.slice(1, 3))
    finish.get(3)!()
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3])
    expect(peak).toBe(2)
    expect(events.filter(e => e.startsWith('start'))).toEqual(['start 0', 'start 1', 'start 2', 'start 3'])
  })

  it('a failed task frees its slot and fails only its own caller', async () => {
    const limit = limiter(1)
    const failed = limit(() => Promise.reject(new Error('403')))
    const next = limit(() => Promise.resolve('read'))
    await expect(failed).rejects.toThrow('403')
    await expect(next).resolves.toBe('read')
  })
})
