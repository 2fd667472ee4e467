/**
 * @lotse/domain: the vocabulary every part of Lotse shares. Pure data and functions without
 * any dependency (no Node built-ins either), so @lotse/sdk can use it in browsers and
 * React Native.
 */
export {
  APPLICATION_TYPES,
  isNativeApplication,
  SUB_MODES,
  type ApplicationType,
  type SubMode,
} from "./applications.js";
export {
  isValidKvnr,
  KVNR_CLAIM,
  KVNR_SCOPE,
  kvnrCheckDigit,
  maskKvnr,
  maskKvnrsIn,
} from "./kvnr.js";
export {
  isTelematikScope,
  TELEMATIK_CLAIMS,
  TELEMATIK_SCOPE_CLAIMS,
  TELEMATIK_SCOPES,
  type TelematikClaim,
  type TelematikScope,
} from "./telematik.js";
export { isWellFormedText, toWellFormedText } from "./text.js";
export {
  isSmartLaunchScope,
  isSmartSimulatedError,
  parseSmartResourceScope,
  SMART_CONTEXTS,
  SMART_LAUNCH_SCOPES,
  SMART_LAUNCH_TYPES,
  SMART_PERMISSIONS,
  SMART_SIMULATED_ERROR_CLAIM,
  SMART_SIMULATED_ERRORS,
  SMART_USER_TYPES,
  smartScopeCovers,
  smartScopesFor,
  type SmartContextType,
  type SmartLaunchScope,
  type SmartLaunchType,
  type SmartPermission,
  type SmartResourceScope,
  type SmartSimulatedError,
  type SmartUserType,
} from "./smart.js";
export {
  LOTSE_RELYING_PARTY_METADATA,
  SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS,
} from "./federation.js";
