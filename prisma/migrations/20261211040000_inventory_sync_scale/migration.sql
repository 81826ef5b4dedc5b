-- AlterTable
ALTER TABLE "inventory_sync_accounts" ADD COLUMN     "db_ms" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "throttles" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "inventory_syncs" ADD COLUMN     "aws_calls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "db_ms" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "throttles" INTEGER NOT NULL DEFAULT 0;
