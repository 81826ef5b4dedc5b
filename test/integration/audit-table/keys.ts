// Audit table rows for integrations, rotation and the key inventory.
import { CreateAccountCommand, CreateOrganizationCommand, ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { adoptSecret } from "@/lib/integrations/adopt-secret";
import { bindLegacyTargetTokens } from "@/lib/targets/legacy-tokens";
import { deleteIntegration } from "@/lib/integrations/manage";
import { updateIntegration } from "@/lib/integrations/update";
import { discoverAccounts } from "@/lib/inventory/discovery";
import { exportKeysCsv } from "@/lib/inventory/export";
import { keysQuerySchema } from "@/lib/inventory/keys-query";
import { startSync } from "@/lib/inventory/start-sync";
import { startRotation } from "@/lib/rotation/start";
import { makeUser, motoUrl } from "../helpers";
import { ensureAccount, removeTestAccounts, syncAccounts, TEST_ACCOUNTS } from "../inventory-helpers";
import { ACCOUNT, runUntilDone, setupIntegration } from "../rotation-helpers";
import { apiUrls } from "../targets-helpers";
import { on, refused, row, type AuditTable } from "./expect";

const admin = () => makeUser("audit-adam", ["aws-admins"]);

export const keyCases = {
  "integration.create": {
    how: "an admin creates an integration, then deletes it",
    cause: async () => {
      const adam = await admin();
      const s = await setupIntegration(adam, "webhook");
      await deleteIntegration(adam, s.integrationId);
      return [
        row(adam, "integration.create", "success", on("integration", s.integrationId)),
        row(adam, "integration.delete", "success", on("integration", s.integrationId)),
      ];
    },
  },
  "integration.update": {
    how: "an admin changes an owner; then moves a GitHub target elsewhere without a new token (refused)",
    cause: async () => {
      const adam = await admin();
      const s = await setupIntegration(adam, "github");
      await updateIntegration(adam, s.integrationId, { ownerEmail: "new-owner@example.com" });
      const moved = { ...s.fixture.settings, apiUrl: apiUrls.github.replace("localhost", "127.0.0.1") };
      await refused(updateIntegration(adam, s.integrationId, { targetSettings: moved }));
      return [
        row(adam, "integration.update", "success", on("integration", s.integrationId)),
        row(adam, "integration.update", "denied", on("integration", s.integrationId)),
      ];
    },
  },
  "integration.adopt_secret": {
    how: "an admin adopts a Secrets Manager secret Keyless did not create; then asks the same of a webhook (refused)",
    cause: async () => {
      const adam = await admin();
      const s = await setupIntegration(adam, "secrets_manager", { push: false });
      const sm = new SecretsManagerClient({ endpoint: motoUrl, region: "us-east-1", credentials: await accountCredentials(ACCOUNT) });
      await sm.send(new CreateSecretCommand({ Name: String(s.fixture.settings.secretId), SecretString: "someone else's" }));
      sm.destroy();
      await adoptSecret(adam, s.integrationId);
      const hook = await setupIntegration(adam, "webhook");
      await refused(adoptSecret(adam, hook.integrationId));
      return [
        row(adam, "integration.adopt_secret", "success", on("integration", s.integrationId)),
        row(adam, "integration.adopt_secret", "denied", on("integration", hook.integrationId)),
      ];
    },
  },
  "target_tokens.bind": {
    how: "the worker binds a token sealed before bindings existed",
    cause: async () => {
      const adam = await admin();
      const s = await setupIntegration(adam, "gitlab");
      await db().integration.update({
        where: { id: s.integrationId },
        data: { targetTokenEncrypted: encryptSecret(s.fixture.token ?? "", `integration:${s.integrationId}:target-token`) },
      });
      await db().$executeRaw`UPDATE integrations SET target_token_binding = NULL WHERE id = ${s.integrationId}`;
      await bindLegacyTargetTokens();
      return [row("system:target-tokens", "target_tokens.bind", "success")];
    },
  },
  "rotation.start": {
    how: "an admin rotates an integration's key, and the rotation runs",
    cause: async () => {
      const adam = await admin();
      const s = await setupIntegration(adam, "webhook");
      const { rotationId } = await startRotation(adam, s.integrationId, "manual");
      await runUntilDone(rotationId);
      return [
        row(adam, "rotation.start", "success", on("integration", s.integrationId)),
        row("system:rotation", "rotation.step", "success", on("integration", s.integrationId)),
      ];
    },
  },
  "inventory.sync.request": {
    how: "an admin starts an inventory sync",
    cause: async () => {
      const adam = await admin();
      // No sync may be under way (startSync would return it instead of a new one).
      await db().inventorySync.updateMany({ where: { finishedAt: null }, data: { finishedAt: new Date(), status: "succeeded" } });
      const started = await startSync(adam, { trigger: "manual" });
      // Leave nothing running for the inventory tests that follow.
      await db().inventorySync.updateMany({ where: { id: started.id }, data: { finishedAt: new Date(), status: "succeeded" } });
      return [row(adam, "inventory.sync.request", "success", on("inventory_sync", started.id))];
    },
  },
  "inventory.sync.finish": {
    how: "the last account of a sync run finishes",
    cause: async () => {
      const account = await ensureAccount(TEST_ACCOUNTS.main, "Audit table inventory");
      try {
        const syncId = await syncAccounts(account.id);
        return [row("system:inventory", "inventory.sync.finish", "success", on("inventory_sync", syncId))];
      } finally {
        await removeTestAccounts();
      }
    },
  },
  "inventory.keys.export": {
    how: "someone exports the key inventory as CSV",
    cause: async () => {
      const adam = await admin();
      await exportKeysCsv(adam, keysQuerySchema.parse({}));
      return [row(adam, "inventory.keys.export", "success")];
    },
  },
  "account.discover": {
    how: "a sync finds an AWS Organizations account Keyless does not know",
    cause: async () => {
      const roleArn = "arn:aws:iam::777777777777:role/KeylessOrganizations";
      const sts = new STSClient({ endpoint: motoUrl, region: "us-east-1", credentials: { accessKeyId: "test-hub", secretAccessKey: "x" } });
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "org-admin" }))).Credentials!;
      sts.destroy();
      const org = new OrganizationsClient({
        endpoint: motoUrl,
        region: "us-east-1",
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
      });
      await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })).catch(() => undefined);
      await org.send(new CreateAccountCommand({ AccountName: "Audit table", Email: "audit-table@example.com" }));
      const adam = await admin();
      try {
        const found = await discoverAccounts(adam, roleArn);
        if (found.added.length === 0) throw new Error(`nothing discovered: ${found.error ?? "no new account"}`);
      } finally {
        const listed = await org.send(new ListAccountsCommand({}));
        await db().awsAccount.deleteMany({ where: { accountId: { in: (listed.Accounts ?? []).map((a) => a.Id ?? "") } } });
        org.destroy();
      }
      return [row(adam, "account.discover", "success")];
    },
  },
} satisfies Partial<AuditTable>;
