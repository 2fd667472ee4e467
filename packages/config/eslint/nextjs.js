// Next.js apps: the base rules; Next-specific checks run in `next build`.
import base from "./base.js";

export default [...base];
