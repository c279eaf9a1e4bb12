import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Modules whose chunks (and every chunk they import) are the signed-in hall's code, up to the first frame. */
const HALL_ENTRIES = [/[\\/]client[\\/]HallApp\.tsx$/, /[\\/]client[\\/]hall[\\/]HallScene\.tsx$/];

/**
 * Lists the hall's chunks and their sizes in the built page (`<script type="application/json"
 * id="hall-chunks">`), less those the page loads before the sign-in form: the loading screen shows the
 * kilobytes that have truly arrived (client/net/hallDownload.ts). In the page, not in a chunk, because the
 * page is never cached and a chunk's name must not change when another chunk's size does.
 */
function hallChunks(): Plugin {
  return {
    name: 'hall-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (starts: readonly string[]) => {
          const seen = new Set<string>();
          const walk = (name: string) => {
            const c = byName.get(name);
            if (!c || seen.has(name)) return;
            seen.add(name);
            c.imports.forEach(walk);
          };
          starts.forEach(walk);
          return seen;
        };
        const first = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        const hall = closure(
          chunks.filter((c) => HALL_ENTRIES.some((re) => re.test(c.facadeModuleId ?? ''))).map((c) => c.fileName),
        );
        const sizes: Record<string, number> = {};
        for (const name of hall) {
          if (!first.has(name)) sizes[`/${name}`] = Buffer.byteLength(byName.get(name)!.code);
        }
        const json = JSON.stringify(sizes).replace(/</g, '\\u003c');
        return html.replace('</head>', `<script type="application/json" id="hall-chunks">${json}</script>\n</head>`);
      },
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: '../assets',
  plugins: [react(), hallChunks()],
  // In `npm run dev` the page comes from Vite and the hall from its own port (PORT, as the server reads it).
  define: { __HALL_DEV_PORT__: JSON.stringify(process.env.PORT || '2567') },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The page's own components do nothing on import: a form that takes its Button from the ui folder's
      // index need not download the dialog (and its library) beside it.
      treeshake: { moduleSideEffects: [{ test: /[\\/]client[\\/]ui[\\/]/, sideEffects: false }] },
      output: {
        // three.js and the 3D stack change rarely: their own long-cached chunk. React goes in a group of its
        // own first, or the three group would take it (a group takes its modules' dependencies), and with it
        // the whole 3D stack into the sign-in form's first download.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store|zustand)[\\/]/,
              priority: 20,
            },
            { name: 'three', test: /node_modules[\\/](three|@react-three|three-stdlib)/, priority: 10 },
          ],
        },
      },
    },
  },
});
