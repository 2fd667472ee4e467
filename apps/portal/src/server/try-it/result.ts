import { z } from "zod";

/** What the Try-it callback hands to the result page (sealed, for 5 minutes). */
export const tryItResultSchema = z.object({
  userId: z.string(),
  applicationId: z.string(),
  claims: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
export type TryItResult = Omit<z.infer<typeof tryItResultSchema>, "userId">;
