/** A bound on work in flight: at most `n` tasks run at once, the rest wait their turn in order. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>

export function limiter(n: number): Limit {
  let active = 0
  const waiting: (() => void)[] = []
  const next = () => {
    active--
    waiting.shift()?.()
  }
  return task =>
    new Promise((resolve, reject) => {
      const go = () => {
        active++
        task().then(resolve, reject).finally(next)
      }
      if (active < n) go()
      else waiting.push(go)
    })
}
