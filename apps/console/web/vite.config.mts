import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The console's web app, built into dist/console-web for the console server to serve. */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../../dist/console-web', import.meta.url)), emptyOutDir: true },
  logLevel: 'warn',
});
