import { StyleSheet, Text, View } from "react-native";
import { colors } from "./theme";

export function ErrorBanner({ message }: { message: string }) {
  return (
    <View style={styles.banner} accessibilityRole="alert">
      <Text testID="error" style={styles.text}>
        {message}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  banner: {
    backgroundColor: colors.errorBackground,
    borderRadius: 8,
    padding: 12,
    marginBottom: 16,
  },
  text: { color: colors.error, fontSize: 15 },
});
