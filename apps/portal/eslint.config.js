export { default } from "@lotse/config/eslint/nextjs";
