// Many tests spawn the CLI or build whole dossiers; on a busy two-core machine one of those can
// take longer than vitest's default 5 s without anything being wrong. Speed is measured by
// `npm run bench`, not by test timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each test file's temporary files in a folder of its own, removed after it.
    setupFiles: ['tests/helpers/temp-root.ts'],
  },
});
