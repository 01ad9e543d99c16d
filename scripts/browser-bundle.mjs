// esbuild options for the VS Code for the Web bundles (the client in the web extension host, the
// server in a web worker). Neither may import a node built-in: the build fails, naming the importer.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules);

export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.path.startsWith('node:') && !builtins.has(args.path)) return undefined;
      return { errors: [{ text: `node built-in "${args.path}" imported by ${args.importer} in a browser bundle` }] };
    });
  },
};

export function browser() {
  return { platform: 'browser', target: 'es2022', plugins: [noNodeBuiltins] };
}
