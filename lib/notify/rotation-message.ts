import type { NotifyPayload } from "@/lib/notify/events";
import type { Message } from "@/lib/notify/messages";

export type RotationFacts = {
  id: string;
  status: string;
  error: string | null;
  warning: string | null;
  oldAccessKeyId: string | null;
  newAccessKeyId: string | null;
  integration: { id: string; name: string; iamUserName: string; account: { accountId: string; name: string } };
};

/** What a rotation alert says: what happened, where the key stands, and where to look. */
export function rotationMessage(event: NotifyPayload["event"], r: RotationFacts, appUrl: string): Message {
  const link = `${appUrl}/integrations/${r.integration.id}/rotations/${r.id}`;
  const who = `${r.integration.name} (IAM user ${r.integration.iamUserName} in ${r.integration.account.name} ${r.integration.account.accountId})`;
  if (event === "rotation.warning") {
    return {
      subject: `Rotation needs attention: ${r.integration.name}`,
      text: `The key rotation of ${who} finished, with a warning:\n${r.warning ?? ""}\n\n${link}`,
      link,
    };
  }
  const state =
    r.status === "rolled_back"
      ? `It was rolled back: the new key was deleted and ${r.oldAccessKeyId ?? "the old key"} is still active and in use.`
      : `It stopped without rolling back: check the keys of the IAM user${r.newAccessKeyId ? ` (new key ${r.newAccessKeyId})` : ""} and the target.`;
  return {
    subject: `Rotation ${r.status === "rolled_back" ? "rolled back" : "failed"}: ${r.integration.name}`,
    text: `The key rotation of ${who} failed.\n${r.error ?? ""}\n${state}\n\n${link}`,
    link,
  };
}
