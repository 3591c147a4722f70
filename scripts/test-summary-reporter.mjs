// node:test reporter that prints only the closing line CI reads: "N passed, N failed".
// Leaf tests are counted (suites are containers, not tests); skipped ones are reported apart.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
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
  if (failures.length) yield `\nFailed tests:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`;
  yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
