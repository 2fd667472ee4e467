-- Client data changed: tell every broker instance, which caches it per process
-- (packages/db/src/change-feed.ts, issue 16). NOTIFY is delivered when the changing
-- transaction commits. A statement that only records a client secret's lastUsedAt does
-- not change what the broker caches and sends nothing.
CREATE FUNCTION "lotse_notify_application_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lotse_application_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Application_notify_change"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Application"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();

CREATE TRIGGER "ApplicationApiGrant_notify_change"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApplicationApiGrant"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();

CREATE TRIGGER "Api_notify_change"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Api"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();

CREATE TRIGGER "ClientSecret_notify_change"
  AFTER INSERT OR DELETE OR TRUNCATE ON "ClientSecret"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();

CREATE TRIGGER "ClientSecret_notify_update"
  AFTER UPDATE OF "applicationId", "hash", "expiresAt", "revokedAt" ON "ClientSecret"
  FOR EACH STATEMENT EXECUTE FUNCTION "lotse_notify_application_change"();
