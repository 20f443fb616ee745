import { expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { OWNER } from "../test/support.js"
import { MockProjects } from "./layer.js"

it.layer(MockProjects.layer({ demo: true }))("MockProjects.layer", (it) => {
  it.effect("provides a running mock on an ephemeral port with its control client", () =>
    Effect.gen(function* () {
      const mock = yield* MockProjects
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(mock.port).not.toBe(0)
      const token = yield* Effect.promise(() => mock.control.tokens(OWNER))
      const res = yield* Effect.promise(() =>
        fetch(`${mock.url}/api/v3/portals`, {
          headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
        }),
      )
      expect(res.status).toBe(200)
      const portals = (yield* Effect.promise(() => res.json())) as Array<{ name: string }>
      expect(portals.map((p) => p.name)).toEqual(["zylker-demo"])
    }),
  )
})

it.effect("closes the server when the layer is released", () =>
  Effect.gen(function* () {
    const url = yield* Effect.scoped(
      Effect.gen(function* () {
        const ctx = yield* Layer.build(MockProjects.layer())
        return Context.get(ctx, MockProjects).url
      }),
    )
    const outcome = yield* Effect.promise(() =>
      fetch(`${url}/__mock/state`).then(
        () => "answered",
        () => "refused",
      ),
    )
    expect(outcome).toBe("refused")
  }),
)
