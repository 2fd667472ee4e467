import net from "node:net";

/** Whether nothing listens on the port yet (checked the way Node servers bind: all interfaces). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", () => resolve(false));
    probe.listen({ port }, () => probe.close(() => resolve(true)));
  });
}

/** A port nothing listens on right now (the system's pick), for tests that start servers. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
