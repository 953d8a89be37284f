// How many data-plane workers engines under test run: 1 (today's single-threaded engine)
// unless PORTICO_TEST_WORKERS asks for more, so a whole suite can be run again with
// several workers (PORTICO_TEST_WORKERS=2 npx vitest run test/conformance). The engine's
// own default (every available CPU) is what production gets.
export function testWorkers(): string {
  return process.env.PORTICO_TEST_WORKERS || '1';
}
