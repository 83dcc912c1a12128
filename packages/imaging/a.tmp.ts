import { combineShots } from "./src/combine/combine-shots.js";
import { stackFocus } from "./src/stack/focus-stack.js";
import { generateCombinedSet } from "./src/testing/generate-combined.js";
import { generateStackSet } from "./src/testing/generate-stacks.js";
const set = generateCombinedSet(1, { width: 1000, height: 1000, shots: 2 });
const st = generateStackSet(0, { width: 1000, height: 1000, layers: 3 });
for (let k = 0; k < 2; k++) {
  let t = performance.now();
  combineShots(set.shots.map((raster, i) => ({ raster, alpha: set.alphas[i]! })));
  const c = performance.now() - t; t = performance.now();
  stackFocus(st.shots);
  console.log("combine", c.toFixed(0), "stack", (performance.now() - t).toFixed(0));
}
