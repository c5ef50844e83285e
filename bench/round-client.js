// What one round trip costs on this harness when the client does nothing else: 4 requests in flight (the fleet's
// bound), each slot sending its next request as soon as the previous answer is read, with Node's fetch and
// keep-alive, against a sandbox URL that has the latency L. The sandbox's own work per request (its timer, HTTP on
// both ends) makes a round cost more than L; the fleet figure's target is also given in this measured round.
// Run as its own process: node bench/round-client.js URL ROUNDS; prints {"ms":N,"rounds":N}.
const [url, rounds] = [process.argv[2], Number(process.argv[3])]
// One untimed request per slot first: Node's fetch loads on first use and each slot opens its connection.
await Promise.all([0, 1, 2, 3].map(async () => (await fetch(url)).text()))
const started = performance.now()
await Promise.all(
  [0, 1, 2, 3].map(async () => {
    for (let i = 0; i < rounds; i++) await (await fetch(url)).text()
  })
)
console.log(JSON.stringify({ ms: performance.now() - started, rounds }))
