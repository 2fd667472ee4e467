import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

interface ErrorWithFields {
  message: string;
  data?: { fieldErrors?: Record<string, string[]> | null } | null;
}

/**
 * Puts the API's field errors (e.g. "settings.redirectUris.2") next to the form's fields;
 * returns the message for the form as a whole when no field took it.
 */
export function applyFieldErrors<T extends FieldValues>(
  error: ErrorWithFields,
  setError: UseFormSetError<T>,
  prefix = "",
): string | null {
  const fields = Object.entries(error.data?.fieldErrors ?? {});
  for (const [path, messages] of fields) {
    const field = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    setError((field || "root") as Path<T>, { message: messages[0] });
  }
  return fields.length > 0 ? null : error.message;
}
