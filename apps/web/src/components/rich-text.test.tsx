import { render } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import { RichText, sanitizeHtml } from "./rich-text"

describe("rich text from Projects", () => {
  it("shows the formatting, not the tags", () => {
    const { container } = render(() => <RichText html="<div>Phase <b>one</b><br>then two</div>" />)
    expect(container.textContent).toBe("Phase onethen two")
    expect(container.querySelector("b")?.textContent).toBe("one")
    expect(container.textContent).not.toContain("<div>")
  })

  it("drops scripts, event handlers and javascript: links", () => {
    const clean = sanitizeHtml(
      `<p onclick="steal()">x</p><script>steal()</script><img src="x" onerror="steal()"><a href="javascript:steal()">y</a>`,
    )
    expect(clean).not.toMatch(/script|onclick|onerror|javascript:/)
    expect(clean).toContain("<p>x</p>")
  })
})
