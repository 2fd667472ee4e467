"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button, type ButtonProps } from "./button";

/** Copies `value` to the clipboard and says so for two seconds (also to screen readers). */
export function CopyButton({
  value,
  label = "Copy",
  variant = "secondary",
  size = "sm",
  ...props
}: Omit<ButtonProps, "onClick" | "value"> & { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant={variant}
      size={size}
      onClick={async () => {
        await navigator.clipboard?.writeText(value);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
      {...props}
    >
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </Button>
  );
}
