"use client";

import { useActionState, useEffect, useRef, type FormEvent } from "react";
import { keepTypedValues } from "./keep-typed-values";

const succeeded = (state: unknown): boolean => typeof state === "object" && state !== null && "ok" in state && state.ok === true;

/**
 * `useActionState` for a form that keeps what the user typed and chose when the server refuses it
 * (via `keepTypedValues`: React 19 resets a form after a `<form action>` function runs, and the
 * outcome form then showed 检察建议 beside the amount field of 挽回经济损失, and saved that).
 * Returns `[state, onSubmit, pending, action]`: give the form both `onSubmit` and `action` (the latter
 * posts it when JavaScript is off). `resetOnSuccess` empties the form once the server has accepted
 * it, for forms that stay on the page to take the next entry; others are remounted or redirected.
 */
export function useKeptFormAction<S>(
  action: (state: Awaited<S>, formData: FormData) => S | Promise<S>,
  initial: Awaited<S>,
  options: { resetOnSuccess?: boolean } = {},
) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const form = useRef<HTMLFormElement | null>(null);
  const { resetOnSuccess = false } = options;
  useEffect(() => {
    if (resetOnSuccess && succeeded(state)) form.current?.reset();
  }, [state, resetOnSuccess]);
  const submit = keepTypedValues(dispatch);
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    form.current = event.currentTarget;
    submit(event);
  };
  return [state, onSubmit, pending, dispatch] as const;
}
