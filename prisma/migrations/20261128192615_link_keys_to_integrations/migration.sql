-- Link inventory keys to the integration of the same account and IAM user. Triggers keep
-- the link right whichever side changes: a sync writing keys, or an admin creating,
-- changing or deleting an integration.

UPDATE "access_keys" k SET "integration_id" = i."id"
  FROM "integrations" i
 WHERE i."aws_account_id" = k."aws_account_id" AND i."iam_user_name" = k."user_name";

-- AddForeignKey
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE FUNCTION keyless_key_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT i."id" INTO NEW."integration_id" FROM "integrations" i
   WHERE i."aws_account_id" = NEW."aws_account_id" AND i."iam_user_name" = NEW."user_name";
  RETURN NEW;
END $$;

CREATE TRIGGER access_keys_integration BEFORE INSERT OR UPDATE OF "aws_account_id", "user_name" ON "access_keys"
  FOR EACH ROW EXECUTE FUNCTION keyless_key_integration();

CREATE FUNCTION keyless_integration_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE "access_keys" SET "integration_id" = NULL
     WHERE "integration_id" = NEW."id" AND ("aws_account_id" <> NEW."aws_account_id" OR "user_name" <> NEW."iam_user_name");
  END IF;
  UPDATE "access_keys" SET "integration_id" = NEW."id"
   WHERE "aws_account_id" = NEW."aws_account_id" AND "user_name" = NEW."iam_user_name" AND "integration_id" IS DISTINCT FROM NEW."id";
  RETURN NULL;
END $$;

CREATE TRIGGER integrations_link_keys AFTER INSERT OR UPDATE OF "aws_account_id", "iam_user_name" ON "integrations"
  FOR EACH ROW EXECUTE FUNCTION keyless_integration_keys();
