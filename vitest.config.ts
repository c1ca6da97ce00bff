import { defineConfig } from 'vitest/config'

/** Unit and integration tests; the browser tests have their own config (vitest.e2e.config.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // CI also writes a JSON report, which .ci/run sums up into one "N passed, N failed" line.
    reporters: process.env['CI']
      ? ['default', ['json', { outputFile: 'test-results/unit.json' }]]
      : ['default'],
  },
})
