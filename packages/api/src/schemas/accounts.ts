import { z } from "zod";
import { wellFormedString } from "./well-formed.js";

export const emailSchema = z
  .email({ error: "Enter a valid email address." })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

// NIST SP 800-63B §3.1.1.2 asks for length, not composition rules; 12 is above its minimum of 8.
export const newPasswordSchema = z
  .string()
  .min(12, { error: "Use at least 12 characters." })
  .max(256, { error: "Use at most 256 characters." });

export const signUpInput = z.object({
  name: wellFormedString().trim().min(1, { error: "Enter your name." }).max(100),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

/** Sign-in does not apply the new-password rules: old passwords must still work. */
export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: "Enter your password." }).max(256),
});
export type SignInInput = z.infer<typeof signInInput>;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(256),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
