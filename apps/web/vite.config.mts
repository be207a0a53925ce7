// The pages: React + antd, built by Vite 8 (rolldown/oxc transforms TSX itself; the JSX runtime is the automatic
// one). Output goes next to the API's build, which serves it at `/`.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      // Named chunks instead of ones called after whichever module rolldown picked (the shared one used to be
      // "states-*.js": React DOM, antd's core, i18next and TanStack Query, which every page needs). ECharts and
      // zrender get a chunk of their own that only the dashboard imports; antd's components are left to the
      // automatic split so an enterprise downloads only those its pages use. The benchmark (bench/web.bench.ts)
      // checks that an enterprise's first load fetches neither `charts-*` nor `admin-pages-*`.
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            // React alone is what the landing page needs (main.tsx); the application's libraries come with it.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'app-libs', test: /node_modules[\\/](react-router|@tanstack|i18next|react-i18next)[\\/]/ },
            // antd's core that most groups' pages share (the rest follows the pages that use it).
            { name: 'antd', test: /node_modules[\\/](antd|@rc-component|@ant-design|@babel|classnames|dayjs)[\\/]/, minShareCount: 3 },
          ],
        },
      },
      // antd marks its modules "use client" (for React Server Components); meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/admin/queues': 'http://localhost:3000', '/docs': 'http://localhost:3000' },
  },
});
