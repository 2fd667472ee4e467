import { Pressable, StyleSheet, Text } from "react-native";
import { colors } from "./theme";

export function Button(props: {
  title: string;
  onPress: () => void;
  testID: string;
  variant?: "primary" | "secondary";
  disabled?: boolean;
}) {
  const secondary = props.variant === "secondary";
  return (
    <Pressable
      accessibilityRole="button"
      testID={props.testID}
      onPress={props.onPress}
      disabled={props.disabled}
      style={({ pressed }) => [
        styles.button,
        secondary && styles.secondary,
        (pressed || props.disabled) && styles.dimmed,
      ]}
    >
      <Text style={[styles.title, secondary && styles.secondaryTitle]}>{props.title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: {
    backgroundColor: colors.primary,
    borderRadius: 12,
    paddingVertical: 14,
    paddingHorizontal: 20,
    alignItems: "center",
  },
  secondary: { backgroundColor: colors.surface, borderWidth: 1, borderColor: colors.primary },
  dimmed: { opacity: 0.6 },
  title: { color: "#fff", fontSize: 17, fontWeight: "600" },
  secondaryTitle: { color: colors.primary },
});
