// A real HTTP client (Node's fetch, i.e. undici) sends bodies one byte over the limit, as a user
// would: every one must read its 413, not EPIPE or a reset. Prints one JSON line with the counts.
// Usage: node oversized_bodies.mjs PORT COUNT
const [port, count] = [process.argv[2], Number(process.argv[3] ?? 100)];
const body = Buffer.alloc(1024 * 1024 + 1, 120);
const outcome = { status413: 0, other: {} };
for (let i = 0; i < count; i++) {
  let key;
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/contents`, {
      method: 'POST', body, headers: { 'content-type': 'application/json' },
    });
    await answer.text();
    key = answer.status === 413 ? null : String(answer.status);
  } catch (error) {
    key = String(error.cause?.code ?? error.message);
  }
  if (key === null) outcome.status413++;
  else outcome.other[key] = (outcome.other[key] ?? 0) + 1;
}
console.log(JSON.stringify(outcome));
