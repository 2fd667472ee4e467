/**
 * UPSTREAM_TLS_CA_FILE, read for the broker's TLS trust toward the federation and the insurers
 * (client-auth.ts). The federation's documents ask for it on every https request, so that a
 * renewed certificate counts at once; reading and parsing the file each time was work for
 * nothing. So the file is read again only when `stat` says it changed: another modification
 * time, size or file (a renewal that moves a new file into place), which is how every way of
 * renewing it shows.
 */
import { readFile, stat } from "node:fs/promises";

export function upstreamCaFile(path: string): () => Promise<string> {
  let held: { version: string; pem: Promise<string> } | undefined;
  return async () => {
    // Follows a symbolic link, as reading does: a Kubernetes secret's file is one.
    const { ino, size, mtimeMs } = await stat(path);
    const version = `${ino}:${size}:${mtimeMs}`;
    if (held?.version !== version) {
      const pem = readFile(path, "utf8");
      const reading = { version, pem };
      held = reading;
      // An unreadable file is tried again by the next request.
      pem.catch(() => {
        if (held === reading) held = undefined;
      });
    }
    return held.pem;
  };
}
