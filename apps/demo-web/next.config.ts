import { lotseNextConfig } from "@lotse/config/next";

export default lotseNextConfig();
