import { Pressable, StyleSheet, Text, View } from "react-native";
import type { Idp } from "@lotse/sdk";
import { Button } from "./button";
import { colors } from "./theme";

/** `idp-nord` for `http://localhost:4100/idp/nord`: a stable test id per insurer. */
export function idpSlug(issuer: string): string {
  const last = issuer.replace(/\/+$/, "").split("/").pop() ?? issuer;
  return last.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

/** Flow B's native chooser: the insurers the broker allows this app (GET /api/v1/idps). */
export function IdpList(props: { idps: Idp[]; onChoose: (idp: Idp) => void; onBack: () => void }) {
  const groups = [
    { title: "Statutory (GKV)", idps: props.idps.filter((idp) => !idp.pkv) },
    { title: "Private (PKV)", idps: props.idps.filter((idp) => idp.pkv) },
  ].filter((group) => group.idps.length > 0);
  return (
    <View testID="idp-list" style={styles.column}>
      <Text style={styles.heading}>Choose your insurer</Text>
      {groups.map((group) => (
        <View key={group.title} style={styles.group}>
          <Text style={styles.groupTitle}>{group.title}</Text>
          {group.idps.map((idp) => (
            <Pressable
              key={idp.issuer}
              testID={`idp-${idpSlug(idp.issuer)}`}
              accessibilityRole="button"
              accessibilityHint={idp.issuer}
              onPress={() => props.onChoose(idp)}
              style={({ pressed }) => [styles.item, pressed && styles.pressed]}
            >
              <Text style={styles.name}>{idp.organizationName}</Text>
            </Pressable>
          ))}
        </View>
      ))}
      {groups.length === 0 && <Text style={styles.groupTitle}>No insurer is available.</Text>}
      <Button testID="idp-list-back" title="Back" variant="secondary" onPress={props.onBack} />
    </View>
  );
}

const styles = StyleSheet.create({
  column: { gap: 12 },
  heading: { fontSize: 20, fontWeight: "600", color: colors.text },
  group: { gap: 8 },
  groupTitle: { fontSize: 13, color: colors.muted, textTransform: "uppercase" },
  item: {
    backgroundColor: colors.surface,
    borderColor: colors.border,
    borderWidth: 1,
    borderRadius: 10,
    padding: 16,
  },
  pressed: { backgroundColor: colors.background },
  name: { fontSize: 16, color: colors.text },
});
