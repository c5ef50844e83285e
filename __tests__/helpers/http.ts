/** The real HTTP layer for tests, with a sleep that records the waits it was asked for instead of waiting. */
import { HttpClient, type HttpClientOptions } from '../../src/http/client.js'
import { Deadline } from '../../src/http/deadline.js'

export function testHttp(
  trusted: string[],
  options: Partial<HttpClientOptions> & { deadlineMs?: number } = {}
) {
  const waits: number[] = []
  const deadline = new Deadline(options.deadlineMs ?? 30_000)
  const http = new HttpClient({
    deadline,
    trustedOrigins: new Set(trusted.map(u => new URL(u).origin)),
    userAgent: 'atlas-preflight-test',
    sleep: async ms => {
      waits.push(ms)
    },
    random: () => 0.5,
    ...options
  })
  return {
    http,
    waits,
    async close() {
      deadline.dispose()
      await http.close()
    }
  }
}
