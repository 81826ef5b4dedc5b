-- AlterTable
ALTER TABLE "access_requests" ADD COLUMN     "target_token_binding" JSONB;

-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "target_token_binding" JSONB;
