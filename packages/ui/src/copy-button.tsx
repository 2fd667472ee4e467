"use client";
import { Check, Copy, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "./button";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `value` to the clipboard and says whether that worked for a few seconds (also to
 * screen readers). "Copied" appears only once writeText resolved: over plain http on a host
 * other than localhost `navigator.clipboard` does not exist, and the browser may refuse the
 * write. A false "Copied" would lose a secret that is shown only once (SecretOnce), so a
 * failure says so and asks the user to select the text instead; it never throws.
 */
export function CopyButton({
  value,
  label = "Copy",
  variant = "secondary",
  size = "sm",
  ...props
}: Omit<ButtonProps, "onClick" | "value"> & { value: string; label?: string }) {
  const [state, setState] = useState<CopyState>("idle");
  const reset = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(reset.current), []);

  const show = (next: CopyState, ms: number) => {
    setState(next);
    clearTimeout(reset.current);
    reset.current = setTimeout(() => setState("idle"), ms);
  };

  return (
    <Button
      variant={variant}
      size={size}
      onClick={async () => {
        try {
          // Optional chaining would turn a missing API into a resolved undefined, i.e. a
          // false "Copied"; throw instead so the failure path handles it.
          if (!navigator.clipboard?.writeText) throw new Error("Clipboard API unavailable");
          await navigator.clipboard.writeText(value);
          show("copied", 2000);
        } catch {
          // Longer than success: the user has to act on this message.
          show("failed", 5000);
        }
      }}
      {...props}
    >
      {state === "copied" ? (
        <Check aria-hidden />
      ) : state === "failed" ? (
        <X aria-hidden />
      ) : (
        <Copy aria-hidden />
      )}
      <span aria-live="polite">
        {state === "copied"
          ? "Copied"
          : state === "failed"
            ? "Copy failed — select the text"
            : label}
      </span>
    </Button>
  );
}
