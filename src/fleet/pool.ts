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
        // The slot goes to the next task before this one's caller goes on with the answer: its request leaves first.
        task().finally(next).then(resolve, reject)
      }
      if (active < n) go()
      else waiting.push(go)
    })
}
