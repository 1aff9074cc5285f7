// Waits (at most 60 s) until the Prometheus at URL is ready and answers an instant query at TIME
// with backfilled data, so that tests never start against an empty or half-loaded TSDB.
// Usage: node wait-for-prometheus.mjs URL TIME   (TIME: RFC 3339, as the tests use it)
const [url, time] = process.argv.slice(2);
if (!url || !time) {
  console.error('usage: wait-for-prometheus.mjs URL TIME');
  process.exit(2);
}

const deadline = Date.now() + 60_000;
// any series with a sample in the 5 minutes before TIME (the default lookback)
const query = new URLSearchParams({ query: 'count({__name__=~".+"})', time });
let lastProblem = 'no answer yet';

while (Date.now() < deadline) {
  try {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
    if (!ready.ok) throw new Error(`/-/ready answered ${ready.status}`);
    const answer = await fetch(`${url}/api/v1/query?${query}`, { signal: AbortSignal.timeout(5_000) });
    const body = await answer.json();
    const series = Number(body?.data?.result?.[0]?.value?.[1] ?? 0);
    if (series > 0) {
      console.error(`Prometheus is ready: ${series} series have a sample at ${time}`);
      process.exit(0);
    }
    lastProblem = `no series has a sample at ${time} (${answer.status} ${JSON.stringify(body).slice(0, 200)})`;
  } catch (error) {
    lastProblem = error instanceof Error ? error.message : String(error);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.error(`Prometheus at ${url} is not ready after 60 s: ${lastProblem}`);
process.exit(1);
