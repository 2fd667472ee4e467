import { StyleSheet, Text, View } from "react-native";
import { Button } from "./button";
import { colors } from "./theme";

/** The two ways in (docs/flows/mobile.md): the broker's chooser, or the app's own list. */
export function SignedOut(props: { onFlowA: () => void; onFlowB: () => void; busy: boolean }) {
  return (
    <View testID="signed-out" style={styles.column}>
      <Text style={styles.lead}>Sign in with your health insurance (GesundheitsID).</Text>
      <Button
        testID="flow-a"
        title="Log in with Lotse"
        onPress={props.onFlowA}
        disabled={props.busy}
      />
      <Text style={styles.hint}>Opens Lotse in the browser, where you choose your insurer.</Text>
      <Button
        testID="flow-b"
        title="Choose your insurer"
        variant="secondary"
        onPress={props.onFlowB}
        disabled={props.busy}
      />
      <Text style={styles.hint}>Choose in the app; your insurer&apos;s app opens directly.</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  column: { gap: 12 },
  lead: { fontSize: 17, color: colors.text, marginBottom: 8 },
  hint: { fontSize: 13, color: colors.muted, marginBottom: 12 },
});
