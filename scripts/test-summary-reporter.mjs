// node:test reporter that prints only the closing line CI reads: "N passed, N failed".
// Leaf tests are counted (suites are containers, not tests); skipped ones are reported apart.
// Before it: the slowest test files, by the time from a file's first event (it is dequeued to
// run) to its last as this reporter saw them (what makes CI long, and which files to split or share a stack across).
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  /** file -> [first event ms, last event ms] */
  const seen = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    // Every file is enqueued when the run starts: its time starts when it is dequeued to run.
    if (file && event.type !== 'test:enqueue') {
      const now = Date.now();
      const span = seen.get(file);
      if (span) span[1] = now;
      else seen.set(file, [now, now]);
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) skipped++;
      else passed++;
    } else {
      failed++;
      failures.push(`${event.data.file ?? ''} > ${event.data.name}`);
    }
  }
  const slowest = [...seen]
    .map(([file, [first, last]]) => [file, (last - first) / 1000])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15);
  if (slowest.length > 1) {
    const root = process.cwd() + '/';
    yield `\nSlowest test files (s, first to last event):\n${slowest.map(([f, s]) => `  ${s.toFixed(0).padStart(5)}  ${f.replace(root, '')}`).join('\n')}\n`;
  }
  if (failures.length) yield `\nFailed tests:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`;
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
