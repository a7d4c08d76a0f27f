import path from "node:path";
import { defineConfig } from 'vite';

// The web app is built once (npm start / npm test build it when stale) into web/dist, which the
// API serves with an SPA fallback. No dev-server setup: the API's CSP allows only its own scripts.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Vite's modulepreload polyfill is a module, not an inline script: CSP script-src 'self' holds.
    rolldownOptions: {
      // antd's modules start with "use client" (for server components); meaningless in a bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      output: {
        // Large libraries in their own long-cached chunks; echarts only where a chart is shown.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
});
