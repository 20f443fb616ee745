/**
 * Namespaces of the emulator: each holds an independent `Emulator`, so parallel test files can share
 * one mock server (header `X-Mock-Namespace` or path prefix `/__ns/<name>`). The clock is injected: the
 * mock clock of a namespace is this base clock plus the offset its `clock/advance` calls added.
 */
import { Emulator } from "./emulator.js"
import type { NamespaceState } from "./model.js"
import type { SeedOptions } from "./seed.js"
import { seed } from "./seed.js"
import { relinkSharedObjects } from "./state-links.js"

export const DEFAULT_NAMESPACE = "default"

export interface RegistryOptions {
  clock: () => number
  seed?: number
  /** Applied to every namespace when it is first used, and by `reset {reseed:true}`. */
  initialSeed?: SeedOptions
  /** Rate limiting on in every namespace, after every reset (CLI `--rate-limit`). */
  rateLimit?: NamespaceState["rateLimit"]
}

export class EmulatorRegistry {
  private readonly namespaces = new Map<string, Emulator>()

  constructor(readonly options: RegistryOptions) {}

  get(name: string = DEFAULT_NAMESPACE): Emulator {
    let emu = this.namespaces.get(name)
    if (emu === undefined) {
      emu = new Emulator(name, this.options.clock, this.options.seed ?? 1, this.options.rateLimit)
      if (this.options.initialSeed !== undefined) seed(emu, this.options.initialSeed)
      this.namespaces.set(name, emu)
    }
    return emu
  }

  names(): string[] {
    return [...this.namespaces.keys()]
  }

  all(): Emulator[] {
    return [...this.namespaces.values()]
  }

  drop(name: string): boolean {
    return this.namespaces.delete(name)
  }

  /** JSON-safe dump of every namespace (for `--state-file`). */
  exportState(): string {
    const out: Record<string, NamespaceState> = {}
    for (const [name, emu] of this.namespaces) out[name] = emu.state
    return JSON.stringify(out, replacer)
  }

  importState(json: string): void {
    const parsed = JSON.parse(json, reviver) as Record<string, NamespaceState>
    for (const [name, state] of Object.entries(parsed)) {
      const emu = new Emulator(name, this.options.clock, this.options.seed ?? 1, this.options.rateLimit)
      emu.load(relinkSharedObjects(state))
      this.namespaces.set(name, emu)
    }
  }
}

const replacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Map) return { $map: [...value.entries()] }
  if (typeof value === "bigint") return { $bigint: value.toString() }
  return value
}

const reviver = (_key: string, value: unknown): unknown => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>
    if (Array.isArray(o.$map)) return new Map(o.$map as Array<[unknown, unknown]>)
    if (typeof o.$bigint === "string") return BigInt(o.$bigint)
  }
  return value
}
