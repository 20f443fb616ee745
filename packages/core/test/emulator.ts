/**
 * The in-process emulator for core tests: the demo portal on a fixed clock, and callers signed in as its
 * people by OAuth token or service key, so module tests read like the seed's scenes.
 */
import type { Caller, Emulator } from "../src/projects-emulator/index.js"
import { EmulatorRegistry, parseSeedOptions, seed } from "../src/projects-emulator/index.js"

export const DEMO_NOW = Date.UTC(2026, 0, 1)

/** A fresh namespace holding the demo portal (owner, admin, manager, employee, contractor, 6 clients). */
export const demoEmulator = (options: Record<string, unknown> = {}): Emulator => {
  const emu = new EmulatorRegistry({ clock: () => DEMO_NOW }).get("test")
  seed(emu, parseSeedOptions({ demo: true, ...options }))
  return emu
}

export const demoPortal = (emu: Emulator) => {
  const portal = [...emu.state.portals.values()][0]
  if (portal === undefined) throw new Error("the demo seed made no portal")
  return portal
}

/** `who` is the local part of a demo email (`manager`) or a whole email; all scopes unless told. */
export const signIn = (emu: Emulator, who: string, scopes?: ReadonlyArray<string>): Caller => {
  const email = who.includes("@") ? who : `${who}@projects.demo.test`
  const answer = emu.issueToken({ email, ...(scopes === undefined ? {} : { scopes }) }, "http://mock.test")
  return emu.authenticate({ authorization: `Zoho-oauthtoken ${String(answer.access_token)}` })
}

export const withKey = (emu: Emulator, who: string): Caller => {
  const email = who.includes("@") ? who : `${who}@projects.demo.test`
  return emu.authenticate({ zscEmail: email, zscKey: String(emu.getKey(email).key) })
}

/** The Projects error a synchronous emulator call throws, to assert its status, title and field. */
export const failure = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e as { status: number; title: string; field?: string; detail: string }
  }
  throw new Error("expected the call to fail")
}
