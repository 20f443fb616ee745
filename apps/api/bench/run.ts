/** `pnpm bench` for the API package: each benchmark writes its section of BENCHMARKS.md. */
import { runImportBench } from "./import.bench.js"
import { runJobsBench } from "./jobs.bench.js"
import { runLatencyBench } from "./latency.bench.js"
import { runProfile } from "./profile.js"

await runImportBench()
await runProfile()
await runLatencyBench()
await runJobsBench()
