// Accounts for the shared-sync benchmark when the organisation seed is not at hand: `count`
// accounts in Keyless with `users` IAM users (two keys each) spread unevenly over them in
// moto (account i gets a share proportional to 1 / (i + 1): a few accounts hold most).
import type pg from "pg";
import { seedMoto } from "./sandbox";

export async function seedAccounts(db: pg.Pool, motoUrl: string, count: number, users: number): Promise<void> {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < count; i++) {
    const accountId = String(400_000_000_000 + i).padStart(12, "0");
    await db.query(
      `INSERT INTO aws_accounts (id, account_id, name, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (account_id) DO NOTHING`,
      [`bench-scale-${i}`, accountId, `Scale ${i}`],
    );
    await seedMoto(motoUrl, accountId, Math.max(1, Math.round((users * weights[i]!) / sum)));
  }
}
