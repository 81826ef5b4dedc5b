// Where the reliability sandbox is (set by scripts/test.ts).
import { StandinsClient } from "../../../scripts/sandbox/standins/client";

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run with \`npm run test:reliability\`.`);
  return value;
};

export const sandbox = {
  /** The owner's: set-up plants triggers on the audit log, which the app's role may not. */
  databaseUrl: required("MIGRATION_DATABASE_URL"),
  motoUrl: required("KEYLESS_TEST_MOTO_URL"),
  standinsUrl: required("KEYLESS_TEST_STANDINS_URL"),
  inboxUrl: required("KEYLESS_TEST_INBOX_URL"),
  controlUrl: required("KEYLESS_TEST_CONTROL_URL"),
  /** The app's public URL (AUTH_URL): every instance is reached "through" it, as behind a load balancer. */
  authUrl: required("AUTH_URL"),
  appPort: Number(required("KEYLESS_TEST_APP_PORT")),
  secondAppPort: Number(required("KEYLESS_TEST_SECOND_APP_PORT")),
};

export const standins = new StandinsClient(sandbox.standinsUrl);
