export { default } from "@lotse/config/prettier";
