"use client";

import { startTransition, type FormEvent } from "react";

/**
 * An `onSubmit` for a form whose `action` comes from `useActionState`: it runs the action itself, so React
 * does not reset the form afterwards and a validation error leaves every field as the user typed or chose it
 * (React's automatic reset also resets controlled selects and checkboxes). Without JavaScript the form's
 * `action` still posts it.
 */
export function keepTypedValues(action: (formData: FormData) => void): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => action(formData));
  };
}
