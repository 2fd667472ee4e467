/**
 * `node --import @lotse/server/slow-clients-preload …`: the slow-client limits of
 * slow-clients.ts (headers within 10 s, the whole request within 30 s, else 408 and closed)
 * for a server this repository does not create itself: the portal's and demo-web's Next.js
 * server (their `start` scripts and Docker images load it). The broker and the sandbox create
 * their servers themselves and pass the limits directly (listen.ts).
 */
import { limitEveryServer } from "./slow-clients.js";

limitEveryServer();
