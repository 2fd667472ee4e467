// Tailwind v4 through PostCSS; the theme and component sources come from @lotse/ui/theme.css.
export default { plugins: { "@tailwindcss/postcss": {} } };
