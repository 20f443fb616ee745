#!/usr/bin/env node
// Runs the TypeScript CLI through tsx: the workspace consumes its packages as source (docs/decisions/0001).
import { register } from "tsx/esm/api"

register()
await import("../src/main.ts")
