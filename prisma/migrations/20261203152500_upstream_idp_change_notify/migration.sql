-- The insurer IDPs changed: tell every broker instance, which keeps the enabled ones per
-- process (apps/broker/src/federation/idp-directory.ts, issue 16). Same channel and function
-- as client data (migration application_change_notify), so each broker still listens on one
-- connection; a change of either forgets both, and both change rarely.
CREATE TRIGGER "UpstreamIdp_notify_change"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "UpstreamIdp"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();
