// Copies ts-proto's output into src/generated: every file generated from
// proto/atonomi, and of the imported .proto files (buf's include_imports
// generates all of them: gogoproto, amino, descriptor, ...) only those whose
// TypeScript the atonomi files actually import. Options-only imports thus
// leave no dead code behind, and a type newly used from an imported file
// (a Coin, say) comes along without editing this script.
//
// usage: node copy-generated.mjs <ts-proto output dir> <destination dir>
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error("usage: node copy-generated.mjs <ts-proto output dir> <destination dir>");
  process.exit(2);
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const roots = filesUnder(join(from, "atonomi"));
if (roots.length === 0) {
  console.error(`no generated atonomi files under ${from}`);
  process.exit(1);
}

const keep = new Set();
const queue = [...roots];
while (queue.length > 0) {
  const file = queue.pop();
  if (keep.has(file)) continue;
  keep.add(file);
  for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
    const target = normalize(join(dirname(file), `${spec}.ts`));
    if (!existsSync(target)) {
      console.error(`${file} imports ${spec}.js, which ts-proto did not generate`);
      process.exit(1);
    }
    queue.push(target);
  }
}

rmSync(to, { recursive: true, force: true });
for (const file of [...keep].sort()) {
  const dest = join(to, relative(from, file));
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(file, dest);
}
console.log(`${keep.size} files in ${to}`);
