import { StyleSheet, Text, View } from "react-native";
import { personClaims } from "../claim-labels";
import { Button } from "./button";
import { colors } from "./theme";

/** The person as the app sees them: the sub Lotse derived for this app, and their claims. */
export function SignedIn(props: { claims: Record<string, unknown>; onSignOut: () => void }) {
  const rows = personClaims(props.claims);
  return (
    <View testID="signed-in" style={styles.column}>
      <Text style={styles.heading}>Signed in</Text>
      <View style={styles.card}>
        <Text style={styles.label}>Subject (sub)</Text>
        <Text testID="sub" selectable style={styles.value}>
          {String(props.claims.sub ?? "")}
        </Text>
      </View>
      <View testID="claims" style={styles.card}>
        {rows.map((row) => (
          <View key={row.name} testID={`claim-${row.name}`} style={styles.row}>
            <Text style={styles.label}>{row.label}</Text>
            <Text selectable style={styles.value}>
              {row.value}
            </Text>
          </View>
        ))}
        {rows.length === 0 && <Text style={styles.label}>No claims were released.</Text>}
      </View>
      <Button testID="sign-out" title="Sign out" variant="secondary" onPress={props.onSignOut} />
    </View>
  );
}

const styles = StyleSheet.create({
  column: { gap: 12 },
  heading: { fontSize: 20, fontWeight: "600", color: colors.text },
  card: {
    backgroundColor: colors.surface,
    borderRadius: 10,
    borderColor: colors.border,
    borderWidth: 1,
    padding: 16,
    gap: 12,
  },
  row: { gap: 2 },
  label: { fontSize: 13, color: colors.muted },
  value: { fontSize: 16, color: colors.text },
});
