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
