// A tiny test harness for the browser checks: named checks that report
// `ok`/`FAIL` lines and a closing `N passed, N failed` line.
const failures = [];
let passed = 0;

export async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/// Records a failure that happened outside any check.
export function fail(message) {
  failures.push(message);
  console.log(`FAIL ${message}`);
}

/// Prints the summary and exits with 0 only when every check passed.
export function finish() {
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
