import { defineConfig } from 'vitest/config'

/**
 * The slow tests: `gotrace web` driven in system Chromium through playwright-core, and the real
 * Electron build (electron-vite build) checked without an Electron binary.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Chromium at a time: the machine has 2 cores.
    fileParallelism: false,
    reporters: process.env['CI']
      ? ['default', ['json', { outputFile: 'test-results/e2e.json' }]]
      : ['default'],
  },
})
