export const colors = {
  primary: "#0b5cad",
  background: "#f4f6f9",
  surface: "#ffffff",
  text: "#1b1f24",
  muted: "#5b6470",
  error: "#b3261e",
  errorBackground: "#fdecea",
  border: "#dde2e8",
};
