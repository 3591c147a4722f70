// Reading Prometheus' query language, for the tests that check dashboards and alert rules
// against the metrics the services export (tests/compose.test.ts, tests/ops/metrics-coverage.test.ts).

/**
 * Metric names a PromQL expression reads: strings, label matchers, ranges and label lists
 * (by/on/...) removed; identifiers followed by "(" are functions or aggregations.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set([
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'and',
    'or',
    'unless',
    'bool',
    'offset',
    'inf',
    'nan',
  ]);
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const start = match.index ?? 0;
    if (/[0-9.]/.test(stripped[start - 1] ?? '')) continue; // 5m, 1e3
    if (/^\s*\(/.test(stripped.slice(start + word.length))) continue;
    if (keywords.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names].sort();
}
