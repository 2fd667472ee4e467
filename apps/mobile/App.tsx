/**
 * Lotse's example app: signed out (flow A or flow B), the native insurer list, signed in
 * (claims, sign out). Deep links: on the web the page loads at the App Link stand-in
 * (`/app/ce?code=…&state=…`); on a phone the link arrives through `Linking`.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  ActivityIndicator,
  Linking,
  Platform,
  ScrollView,
  StyleSheet,
  Text,
  View,
} from "react-native";
import { StatusBar } from "expo-status-bar";
import { LotseAuthError, type Idp } from "@lotse/sdk";
import {
  completeLogin,
  isLoginRedirect,
  listInsurers,
  LoginCancelled,
  loginWithChooser,
  loginWithInsurer,
  signOut,
  type Session,
} from "./src/auth";
import { ErrorBanner } from "./src/components/error-banner";
import { IdpList } from "./src/components/idp-list";
import { SignedIn } from "./src/components/signed-in";
import { SignedOut } from "./src/components/signed-out";
import { colors } from "./src/components/theme";

type Screen =
  { name: "signed-out" } | { name: "idps"; idps: Idp[] } | { name: "signed-in"; session: Session };

function describe(error: unknown): string {
  if (error instanceof LotseAuthError)
    return error.errorDescription ? `${error.code}: ${error.errorDescription}` : error.code;
  return error instanceof Error ? error.message : String(error);
}

/** Takes the login answer out of the address bar, so a reload does not replay it. */
function forgetWebRedirect(): void {
  if (Platform.OS === "web") window.history.replaceState(null, "", "/");
}

export default function App() {
  const [screen, setScreen] = useState<Screen>({ name: "signed-out" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const handled = useRef(new Set<string>());

  const run = useCallback(async (task: () => Promise<void>) => {
    setError(undefined);
    setBusy(true);
    try {
      await task();
    } catch (failure) {
      if (!(failure instanceof LoginCancelled)) setError(describe(failure));
    } finally {
      setBusy(false);
    }
  }, []);

  const onRedirect = useCallback(
    (url: string | null) => {
      // Each link once: the initial URL and the url event can both report it.
      if (!url || !isLoginRedirect(url) || handled.current.has(url)) return;
      handled.current.add(url);
      void run(async () => {
        try {
          const session = await completeLogin(url);
          setScreen({ name: "signed-in", session });
        } finally {
          forgetWebRedirect();
        }
      });
    },
    [run],
  );

  useEffect(() => {
    void Linking.getInitialURL().then(onRedirect);
    const subscription = Linking.addEventListener("url", ({ url }) => onRedirect(url));
    return () => subscription.remove();
  }, [onRedirect]);

  const flowA = () =>
    run(async () => {
      const session = await loginWithChooser();
      if (session) setScreen({ name: "signed-in", session });
    });
  const flowB = () => run(async () => setScreen({ name: "idps", idps: await listInsurers() }));
  const choose = (idp: Idp) => run(() => loginWithInsurer(idp));
  const leave = (session: Session) =>
    run(async () => {
      await signOut(session);
      setScreen({ name: "signed-out" });
    });

  return (
    // React Native's SafeAreaView is deprecated; a real app adds react-native-safe-area-context.
    <View style={styles.safeArea}>
      <StatusBar style="dark" />
      <ScrollView contentContainerStyle={styles.content}>
        <Text style={styles.title}>Lotse Demo</Text>
        {error !== undefined && <ErrorBanner message={error} />}
        {busy && <ActivityIndicator testID="busy" color={colors.primary} style={styles.busy} />}
        {screen.name === "signed-out" && <SignedOut onFlowA={flowA} onFlowB={flowB} busy={busy} />}
        {screen.name === "idps" && (
          <IdpList
            idps={screen.idps}
            onChoose={choose}
            onBack={() => setScreen({ name: "signed-out" })}
          />
        )}
        {screen.name === "signed-in" && (
          <SignedIn claims={screen.session.claims} onSignOut={() => leave(screen.session)} />
        )}
        <View style={styles.footer} />
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  safeArea: {
    flex: 1,
    backgroundColor: colors.background,
    paddingTop: Platform.OS === "web" ? 0 : 48,
  },
  content: { padding: 20, gap: 16, maxWidth: 560, width: "100%", alignSelf: "center" },
  title: { fontSize: 28, fontWeight: "700", color: colors.text },
  busy: { marginVertical: 8 },
  footer: { height: 24 },
});
