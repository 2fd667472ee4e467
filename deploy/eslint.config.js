export { default } from "@lotse/config/eslint";
