// The `pixl` executable's module: runs the CLI with the process's arguments and sets the exit code.
import { runCli } from "./cli.js";

const code = await runCli(process.argv);
// Long-running commands (serve, worker) keep the event loop alive and exit on their signals.
if (code !== 0) process.exit(code);
