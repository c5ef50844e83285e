/** One global deadline for the run: every request's timeout and every backoff sleep fits inside it. */
export class Deadline {
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  readonly endsAt: number

  constructor(
    readonly ms: number,
    private readonly now: () => number = Date.now
  ) {
    this.endsAt = now() + ms
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(ms)), ms)
    this.timer.unref()
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now())
  }

  get expired(): boolean {
    return this.controller.signal.aborted
  }

  dispose(): void {
    clearTimeout(this.timer)
  }
}

export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`the preflight's deadline of ${Math.round(ms / 1000)} s passed`)
    this.name = 'DeadlineExceeded'
  }
}

/** Sleep that ends early (rejecting) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
