// Inline dialogs (a confirmation, an editor opened by a button): focus moves into what opens and back
// to the button that opened it once it closes, so a keyboard user never lands at the top of the page.

export interface FocusReturn {
  /** `ref` of the button that opens; a button rendered again when the dialog closes is the one kept. */
  readonly opener: (element: HTMLElement) => void
  /** `ref` of what takes focus when the dialog opens. */
  readonly into: (element: HTMLElement) => void
  /** Call when the dialog closes. */
  readonly back: () => void
}

export function createFocusReturn(): FocusReturn {
  let opener: HTMLElement | undefined
  // Set once the dialog has closed: an opener rendered again afterwards (the data around it was
  // re-read) takes the focus the removed one had, unless the person has moved it elsewhere.
  let returning = false
  const lost = () => document.activeElement === null || document.activeElement === document.body
  // After the render the state change causes: the element exists and is in the document by then.
  const focusLater = (element: () => HTMLElement | undefined) =>
    queueMicrotask(() => {
      const target = element()
      if (target?.isConnected) target.focus()
    })
  return {
    opener: (element) => {
      opener = element
      if (returning) focusLater(() => (lost() ? element : undefined))
    },
    into: (element) => {
      returning = false
      focusLater(() => element)
    },
    back: () => {
      returning = true
      focusLater(() => opener)
    },
  }
}
