-- AlterTable
ALTER TABLE "access_requests" ADD COLUMN     "risk" JSONB,
ADD COLUMN     "risk_level" TEXT;
