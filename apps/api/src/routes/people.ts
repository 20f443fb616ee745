/** Users and profiles (SPEC §7 "people"): every member reads them; administrators change them. */
import { Profiles, type User, UserId, Users } from "@app/core/crm"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param } from "../http/validate.js"
import {
  IdParam,
  itemsOf,
  NewProfileBody,
  NewUserBody,
  ProfileOut,
  UserOut,
  UserPatchBody,
} from "../schemas/crm.js"

export const toUserOut = (user: User, profileName: string) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  profileId: user.profileId,
  profileName,
  active: user.active,
  createdAt: user.createdAt,
})

const withProfileName = (user: User) =>
  Effect.map(
    Effect.flatMap(Profiles, (p) => p.get(user.profileId)),
    (profile) => toUserOut(user, profile.name),
  )

export const peopleRoutes = new Hono<ApiEnv>()
  .get(
    "/users",
    describe({
      summary: "Users of the organization",
      tags: ["people"],
      responses: { 200: { description: "Users by name", schema: itemsOf(UserOut) } },
    }),
    async (c) => {
      const items = await runEffect(
        c,
        Effect.gen(function* () {
          const users = yield* Effect.flatMap(Users, (u) => u.list())
          const profiles = new Map(
            (yield* Effect.flatMap(Profiles, (p) => p.list())).map((p) => [p.id, p.name]),
          )
          return users.map((user) => toUserOut(user, profiles.get(user.profileId) ?? ""))
        }),
      )
      return respond(c, itemsOf(UserOut), { items })
    },
  )
  .post(
    "/users",
    describe({
      summary: "Add a user (administrators)",
      tags: ["people"],
      responses: { 201: { description: "Created", schema: UserOut } },
    }),
    json(NewUserBody),
    async (c) => {
      const body = c.req.valid("json")
      const user = await runEffect(
        c,
        Effect.flatMap(Users, (u) => u.create(body)).pipe(Effect.flatMap(withProfileName)),
      )
      return respond(c, UserOut, user, 201)
    },
  )
  .patch(
    "/users/:id",
    describe({
      summary: "Change a user's name, profile, password or active state (administrators)",
      tags: ["people"],
      responses: { 200: { description: "Updated", schema: UserOut } },
    }),
    param(IdParam),
    json(UserPatchBody),
    async (c) => {
      const { id } = c.req.valid("param")
      const body = c.req.valid("json")
      const user = await runEffect(
        c,
        Effect.flatMap(Users, (u) => u.update(UserId.make(id), body)).pipe(Effect.flatMap(withProfileName)),
      )
      return respond(c, UserOut, user)
    },
  )
  .get(
    "/profiles",
    describe({
      summary: "Profiles of the organization (built-in first)",
      tags: ["people"],
      responses: { 200: { description: "Profiles", schema: itemsOf(ProfileOut) } },
    }),
    async (c) => {
      const items = await runEffect(
        c,
        Effect.flatMap(Profiles, (p) => p.list()),
      )
      return respond(c, itemsOf(ProfileOut), { items })
    },
  )
  .post(
    "/profiles",
    describe({
      summary: "Add a custom profile (administrators)",
      tags: ["people"],
      responses: { 201: { description: "Created", schema: ProfileOut } },
    }),
    json(NewProfileBody),
    async (c) => {
      const body = c.req.valid("json")
      const profile = await runEffect(
        c,
        Effect.flatMap(Profiles, (p) => p.create(body)),
      )
      return respond(c, ProfileOut, profile, 201)
    },
  )
