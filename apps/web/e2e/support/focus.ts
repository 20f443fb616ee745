// Where keyboard focus is: inside an element (a dialog that opened) or on it (the button it returns to).
import type { Locator } from "playwright-core"
import { expect } from "vitest"

/** Waits until focus is on the element or inside it (focus moves just after the render). */
export async function expectFocusWithin(element: Locator): Promise<void> {
  await expect
    .poll(
      () => element.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)),
      {
        timeout: 5_000,
      },
    )
    .toBe(true)
}
