// One edit in a fresh process, for the imaging bench's memory figure: prints the process's peak RSS (MB).
// Usage: node --import tsx bench/support/imaging-one.ts <photo> <template JSON> [baseline]
// With "baseline" it loads the codec and the model but edits nothing, so the difference is the edit's own.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import {
  createOnnxSegmentationModel,
  createSharpCodec,
  editImage,
  type EditTemplate,
} from "../../packages/imaging/src/index.js";

const [file = "", templateJson = "{}", mode] = process.argv.slice(2);
const codec = createSharpCodec({ concurrency: 1 });
const model = await createOnnxSegmentationModel();
const input = await readFile(file);
if (mode !== "baseline")
  await editImage(input, JSON.parse(templateJson) as EditTemplate, { codec, model, skipThumbnail: true });
await model.dispose();
// VmHWM, not resourceUsage().maxRSS: Linux carries the latter over from the parent across fork and exec, so
// a child of a large bench process would report the parent's peak.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
console.log(JSON.stringify({ maxRssMb: (hwm ? Number(hwm) : process.resourceUsage().maxRSS) / 1024 }));
