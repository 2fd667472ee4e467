import { registerRootComponent } from "expo";
import App from "./App";

// Calls AppRegistry.registerComponent("main", () => App) and, on the web, mounts it.
registerRootComponent(App);
