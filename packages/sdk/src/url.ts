/** `new URL` that answers undefined instead of throwing (`URL.parse` is not in every runtime). */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
