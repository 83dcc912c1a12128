// The console's Mantine theme (colours chosen for WCAG AA contrast on white).
import { createTheme, NavLink, type CSSVariablesResolver } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  defaultRadius: "sm",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  components: {
    // The light active variant is blue on pale blue, under 4.5:1 once hovered; filled is white on blue.8.
    NavLink: NavLink.extend({ defaultProps: { variant: "filled" } }),
  },
});

/** Mantine's dimmed grey (gray.6) is 3.3:1 on white; gray.7 reaches 7:1, so secondary text stays readable. */
export const cssVariables: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { "--mantine-color-dimmed": t.colors.gray[7] },
  dark: {},
});
